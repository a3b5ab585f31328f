"""The load bench's plain helpers (bench/load/mix.py): reading the pages, Locust's figures and the request log."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("load_mix", ROOT / "bench" / "load" / "mix.py")
assert _spec and _spec.loader
mix = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mix)


def test_suggested_questions_are_the_demo_questions_without_repeats():
    questions = mix.suggested_questions()
    assert "Công chức được nghỉ phép năm bao nhiêu ngày?" in questions
    assert len(questions) == len(set(questions))
    assert not any(q.startswith("Suggested questions") for q in questions)


def test_upload_units_reads_the_unit_choices_of_the_upload_form():
    html = (
        '<select name="scope"><option value="1">x</option></select>'
        '<select name="unit" id="id_unit" required><option value="">---------</option>'
        '<option value="12" selected>Sở Xây dựng</option><option value="7">Văn phòng</option></select>'
    )
    assert mix.upload_units(html) == ["12", "7"]
    assert mix.upload_units("<p>no form</p>") == []


def test_document_id_from_the_redirect_after_an_upload():
    assert mix.document_id("http://127.0.0.1:8900/library/42/?job=7") == 42
    assert mix.document_id("http://127.0.0.1:8900/library/upload/") is None


def test_small_docx_is_a_real_word_document_different_each_time():
    a, b = mix.small_docx("a"), mix.small_docx("b")
    assert a != b
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(a)).paragraphs)
    assert "Mã kiểm thử tải: a." in text


STATS = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
    "GET,home,10,0,20,25,5,90,6000,2.0,0.0,20,25,30,30,40,60,80,90,90,90,90\n"
    ",Aggregated,200,3,40,55,5,900,5000,9.5,0.1,40,50,60,70,90,150,300,420,900,900,900\n"
)


def test_locust_summary_takes_the_aggregated_row():
    s = mix.locust_summary(STATS)
    assert (s["requests"], s["failures"], s["rps"]) == (200, 3, 9.5)
    assert (s["p50"], s["p95"], s["p99"]) == (40, 150, 420)
    assert s["error_rate"] == 3 / 200
    assert mix.locust_summary("Type,Name\n")["requests"] == 0
    none_finished = STATS.splitlines()[0] + "\n,Aggregated,0,0,0,0,0,0,0,0.0,0.0" + ",N/A" * 11 + "\n"
    s = mix.locust_summary(none_finished)
    assert s["requests"] == 0 and mix.ms(s["p95"]) == "—"


def test_window_counts_requests_and_failures_between_two_instants():
    lines = ["10.0\thome\t1\t20", "11.0\thome\t0\t0", "12.5\tupload\t1\t80", "20.0\thome\t0\t5", "garbage"]
    assert mix.window(lines, 10.5, 15.0) == (2, 1)
    assert mix.window(lines, 0, 100) == (4, 2)


def test_table_is_markdown_with_padded_columns():
    out = mix.table(["users", "req/s"], [["10", "3.5"], ["200", "12.0"]]).splitlines()
    assert out[0] == "| users | req/s |"
    assert out[1] == "|-------|-------|"
    assert out[3] == "| 200   | 12.0  |"


def test_the_side_by_side_table_has_one_row_per_target_and_a_ratio_row():
    spec = importlib.util.spec_from_file_location("load_bench", ROOT / "bench" / "load.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    step = {
        "users": 10,
        "requests": 67,
        "ok_rps": 3.6,
        "p50": 780,
        "p95": 3700,
        "p99": 4500,
        "error_rate": 0.0,
        "load": 5.69,
    }
    step |= {"web_cpu": 0.189, "jobs_cpu": 0.031, "other_cpu": 0.0, "db_cpu": 0.002, "app_mb": 338}
    lines = bench.side_by_side([step], [step | {"ok_rps": 7.2, "p95": 1850}], 3).splitlines()
    assert [line.split("|")[2].strip() for line in lines[2:]] == [
        "one node",
        "cluster (3 nodes)",
        "ratio cluster / one",
    ]
    assert lines[2].split("|")[3] == lines[3].split("|")[3]  # the same requests, through one cell builder
    assert lines[3].split("|")[4].strip() == "7.2"
    assert [c.strip() for c in lines[4].split("|")[4:8]] == ["2.00", "1.00", "0.50", "1.00"]
    assert bench.single("one node", [step]).splitlines()[3].split("|")[1].strip() == "10"
