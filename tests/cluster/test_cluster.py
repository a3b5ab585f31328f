"""Any node serves any request: sessions, lockouts, rate limits, files, jobs and the index are shared.

Each test speaks to the app nodes directly (``node1``, ``node2``...) or through the
balancer, as a browser would.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
import requests

from .conftest import PASSWORD, Cluster, job_id_of, login, post, wait_for

pytestmark = pytest.mark.cluster


def job_status(cluster: Cluster, job_id: str) -> tuple[str, str]:
    rows = cluster.sql("SELECT status, message FROM org_job WHERE id = %s", uuid.UUID(job_id))
    return rows[0] if rows else ("", "")


def test_a_session_opened_on_one_node_is_valid_on_every_node(cluster):
    session, response = login(cluster.node_url("node1"), "reader.a")
    assert response.status_code == 302, response.text[:500]
    for node in ("node2", "node3"):
        page = session.get(f"{cluster.node_url(node)}/library/", allow_redirects=False, timeout=30)
        assert page.status_code == 200, (node, page.status_code, page.headers.get("Location"))


def test_a_lockout_made_on_one_node_holds_on_another(cluster):
    """Three wrong passwords on node1 (CIVILDESK_LOGIN_FAILURE_LIMIT=3): node2 refuses the right one."""
    statuses = [login(cluster.node_url("node1"), "locked.a", "wrong-password-1")[1].status_code for _ in range(3)]
    assert statuses[-1] == 429, statuses
    session, response = login(cluster.node_url("node2"), "locked.a", PASSWORD)
    assert response.status_code == 429
    assert "sessionid" not in session.cookies
    # And through the balancer, whichever node answers.
    for _ in range(3):
        assert login(cluster.url, "locked.a", PASSWORD)[1].status_code == 429


def test_a_rate_limit_counts_the_requests_of_every_node(cluster):
    """The public assistant allows 4 questions a day here (CIVILDESK_WIDGET_RATE=4/d), on all nodes together."""
    statuses = []
    for node in ("node1", "node2", "node3", "node1", "node2", "node3"):
        answer = requests.post(f"{cluster.node_url(node)}/assistant/embed/", data={"question": ""}, timeout=30)
        statuses.append(answer.status_code)
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_the_balancer_routes_around_a_killed_node(cluster):
    cluster.sh("kill", "node3")
    try:
        session, response = login(cluster.url, "reader.a")
        assert response.status_code == 302
        answers = [session.get(f"{cluster.url}/library/", timeout=30).status_code for _ in range(9)]
        assert answers == [200] * 9
    finally:
        cluster.sh("start", "node3")


def _decree(marker: str) -> bytes:
    return (
        "NGHỊ ĐỊNH\nQuy định về quản lý đê điều miền núi\n\n"
        f"Điều 1. Phạm vi điều chỉnh\nNghị định này quy định việc gia cố kè {marker} tại các xã biên giới.\n\n"
        "Điều 2. Trách nhiệm\nỦy ban nhân dân cấp xã kiểm tra kè sau mỗi trận lũ.\n"
    ).encode()


def test_an_upload_on_one_node_is_searchable_on_another_within_ten_seconds(cluster):
    marker = "kelabien" + uuid.uuid4().hex[:6]
    uploader, _ = login(cluster.node_url("node1"), "uploader.a")
    uploader.get(f"{cluster.node_url('node1')}/library/upload/", timeout=30)
    unit = cluster.sql("SELECT id FROM org_unit WHERE code = 'A'")[0][0]
    sent = post(
        uploader,
        f"{cluster.node_url('node1')}/library/upload/",
        data={"unit": unit, "scope": "unit", "title": ""},
        files={"file": ("de-dieu.txt", io.BytesIO(_decree(marker)), "text/plain")},
    )
    job = job_id_of(sent)
    wait_for(lambda: job_status(cluster, job)[0] in ("done", "failed"), seconds=300, what="the extraction job")
    assert job_status(cluster, job)[0] == "done", job_status(cluster, job)

    reader, _ = login(cluster.node_url("node2"), "reader.a")

    def found() -> bool:
        page = reader.get(f"{cluster.node_url('node2')}/library/", params={"q": marker}, timeout=30)
        return marker in page.text

    wait_for(found, seconds=10, what="the new document in node2's search")


def _scan(pages: int) -> bytes:
    """A scanned PDF (images only): every page goes through OCR, a job long enough to be killed in."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 23)
    images = []
    for n in range(pages):
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        lines = ["NGHỊ ĐỊNH", "Quy định về lưu trữ hồ sơ", f"Điều {n + 1}. Lưu trữ trang {n + 1}"]
        lines += [f"Khoản {i}. Hồ sơ nhân sự được lưu trữ tại cơ quan quản lý số {n}{i}." for i in range(1, 30)]
        for i, line in enumerate(lines):
            draw.text((90, 90 + 60 * i), line, font=font, fill=0)
        images.append(image.convert("RGB"))
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def _worker_running(cluster: Cluster, job_id: str) -> str | None:
    """The cluster's name (worker1, worker2) of the RQ worker whose current task reports into ``job_id``."""
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(cluster.env()["REDIS_URL"])
    for worker in Worker.all(connection=connection):
        current = worker.get_current_job()
        if current is not None and job_id in [str(a) for a in current.args]:
            return worker.name.split("-", 1)[0]
    return None


def test_a_job_whose_worker_is_killed_fails_visibly_and_can_be_retried(cluster):
    """kill -9 of the worker (and its work-horse) in the middle of OCR: the job does not stay "running"."""
    node1, node2 = cluster.node_url("node1"), cluster.node_url("node2")
    uploader, _ = login(node1, "uploader.a")
    uploader.get(f"{node1}/library/upload/", timeout=30)
    unit = cluster.sql("SELECT id FROM org_unit WHERE code = 'A'")[0][0]
    sent = post(
        uploader,
        f"{node1}/library/upload/",
        data={"unit": unit, "scope": "unit", "title": "Hồ sơ quét"},
        files={"file": ("scan.pdf", io.BytesIO(_scan(12)), "application/pdf")},
    )
    job = job_id_of(sent)
    document_url = sent.headers["Location"].split("?")[0]

    def reading_pages() -> bool:
        status, message = job_status(cluster, job)
        assert status not in ("done", "failed"), (status, message)  # the scan must outlast the kill
        return status == "running" and message.startswith("Page")

    wait_for(reading_pages, seconds=300, what="OCR to start")
    victim = wait_for(lambda: _worker_running(cluster, job), seconds=30, what="the worker of the job")
    cluster.sh("kill", victim)
    try:
        assert job_status(cluster, job)[0] == "running"
        # The user keeps looking at the job (htmx polls it) through another node: it turns failed,
        # in the reader's language, once RQ's heartbeat of the dead worker has expired.
        viewer, _ = login(node2, "uploader.a")

        def failed() -> bool:
            viewer.get(f"{node2}/org/jobs/{job}/", timeout=30)
            return job_status(cluster, job)[0] == "failed"

        wait_for(failed, seconds=300, every=3, what="the dead worker's job to be failed")
        shown = viewer.get(f"{node2}/org/jobs/{job}/", timeout=30, headers={"Accept-Language": "vi"}).text
        assert "bị gián đoạn" in shown and "hx-get" not in shown
        page = viewer.get(f"{node2}{document_url}", timeout=30).text
        assert "Thử lại" in page

        # Try again: the surviving worker reads the scan to the end.
        document = int(re.search(r"/library/(\d+)/", document_url).group(1))
        retried = post(viewer, f"{node2}/library/{document}/retry/")
        assert retried.status_code == 302
        again = job_id_of(retried)
        wait_for(lambda: job_status(cluster, again)[0] in ("done", "failed"), seconds=600, every=2, what="the retry")
        assert job_status(cluster, again)[0] == "done", job_status(cluster, again)
        assert cluster.sql("SELECT status FROM library_document WHERE id = %s", document) == [("ready",)]
    finally:
        cluster.sh("start", victim)
