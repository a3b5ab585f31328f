"""Ask every question of an evaluation set through the assistant and report how it did."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from civildesk.assistant import services
from civildesk.assistant.models import Channel
from civildesk.library.models import Article


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Ask every question (retrieval question format) through the assistant as USER (default: an anonymous member "
        "of the public) and print first-citation accuracy, abstention rate, wrong-answer rate (answered, first "
        "citation wrong; a question with an empty relevant_articles is one to abstain on) and latency."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--questions", required=True)
        parser.add_argument("--user", default="", help="username; without it, anonymous (public documents only)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
        parser.add_argument(
            "--details", action="store_true", help="also list each question that was not answered as it should be"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            questions = json.loads(Path(options["questions"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the questions: {exc}") from exc
        if not isinstance(questions, list):
            raise CommandError("the questions file must hold a JSON list")
        if options["limit"]:
            questions = questions[: options["limit"]]
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"unknown user {options['user']!r}") from exc
        else:
            user = AnonymousUser()
        gold_index = self._gold_index()
        rows = []
        try:
            with transaction.atomic():  # the evaluation leaves no conversations behind
                for q in questions:
                    text = q.get("text") or q.get("statement") or ""
                    gold = {
                        (str(g["law_id"]), str(g["article_id"]))
                        for g in q.get("relevant_articles") or q.get("legal_passages") or []
                    }
                    started = time.perf_counter()
                    turn = services.ask(user=user, question=text, channel=Channel.API)
                    latency = (time.perf_counter() - started) * 1000
                    first = turn.citations[0]["article_id"] if turn.answered and turn.citations else None
                    correct = first is not None and gold_index.get(first) in gold
                    anchor = (turn.card.get("url") or "").partition("#")[2] if correct else ""
                    rows.append(
                        {
                            "lang": q.get("lang", ""),
                            "kind": q.get("kind", ""),
                            # The clause that answers ("clause": "1" in the set): the card cites it.
                            "clause_question": bool(q.get("clause")) and correct,
                            "clause_correct": bool(q.get("clause"))
                            and correct
                            and (anchor.split("/")[1:2] == [f"khoan-{q.get('clause')}"]),
                            # A question about a law the library lacks: the card names that law.
                            "missing_question": bool(q.get("missing_law")),
                            "missing_named": bool(q.get("missing_law"))
                            and turn.card.get("missing_law") == q.get("missing_law"),
                            "answered": turn.answered,
                            "correct": correct,
                            # Answered with a wrong first citation; for a question to abstain on
                            # (empty relevant_articles), any answer is a wrong answer.
                            "wrong": turn.answered and not correct,
                            "abstain_question": not gold,
                            "latency": latency,
                            "detail": {
                                "id": q.get("id", ""),
                                "text": text,
                                "gold": sorted(gold),
                                "got": (turn.card.get("citation") or turn.card.get("missing_law") or "")
                                if turn.answered or turn.card.get("missing_law")
                                else "",
                                "abstained": not turn.answered,
                            },
                        }
                    )
                raise _Rollback
        except _Rollback:
            pass
        report = self._report(rows)
        if options["details"]:
            report["misses"] = [
                r["detail"] for r in rows if not r["correct"] and not (r["abstain_question"] and not r["answered"])
            ]
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self._print(report)

    @staticmethod
    def _gold_index() -> dict[int, tuple[str, str]]:
        out = {}
        for a in Article.objects.select_related("document"):
            ids = services.law_article_ids(a)
            out[a.pk] = (ids["law_id"], ids["article_id"])
        return out

    @staticmethod
    def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
        n = len(rows)
        lat = np.array([r["latency"] for r in rows]) if rows else np.array([0.0])
        to_abstain = [r for r in rows if r["abstain_question"]]
        clause_n = sum(r.get("clause_question", False) for r in rows)
        missing_n = sum(r.get("missing_question", False) for r in rows)
        return {
            "n": n,
            "first_citation_accuracy": round(sum(r["correct"] for r in rows) / n, 4) if n else 0.0,
            "abstention_rate": round(sum(not r["answered"] for r in rows) / n, 4) if n else 0.0,
            "wrong_answer_rate": round(sum(r["wrong"] for r in rows) / n, 4) if n else 0.0,
            "abstain_questions": len(to_abstain),
            "abstained_when_it_should": (
                round(sum(not r["answered"] for r in to_abstain) / len(to_abstain), 4) if to_abstain else None
            ),
            "clause_accuracy": (
                round(sum(r.get("clause_correct", False) for r in rows) / clause_n, 4) if clause_n else None
            ),
            "missing_law_named": (
                round(sum(r.get("missing_named", False) for r in rows) / missing_n, 4) if missing_n else None
            ),
            "latency_ms_p50": round(float(np.percentile(lat, 50)), 1),
            "latency_ms_p95": round(float(np.percentile(lat, 95)), 1),
        }

    def _report(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        report = self._summary(rows)
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r["lang"]:
                groups[r["lang"]].append(r)
        report["by_lang"] = {lang: self._summary(rs) for lang, rs in sorted(groups.items())}
        kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r.get("kind"):
                kinds[r["kind"]].append(r)
        if kinds:
            report["by_kind"] = {kind: self._summary(rs) for kind, rs in sorted(kinds.items())}
        return report

    def _print(self, report: dict[str, Any]) -> None:
        def line(name: str, r: dict[str, Any]) -> str:
            return (
                f"{name:10} n={r['n']:4}  first-citation accuracy {r['first_citation_accuracy']:.3f}  "
                f"abstention {r['abstention_rate']:.3f}  wrong answers {r['wrong_answer_rate']:.3f}  "
                f"latency p50 {r['latency_ms_p50']:.0f} ms  "
                f"p95 {r['latency_ms_p95']:.0f} ms"
            )

        self.stdout.write(line("overall", report))
        for lang, r in report["by_lang"].items():
            self.stdout.write(line(lang, r))
        for kind, r in report.get("by_kind", {}).items():
            self.stdout.write(line(kind, r))
        if report["abstain_questions"]:
            self.stdout.write(
                f"questions to abstain on: {report['abstain_questions']}, abstained {report['abstained_when_it_should']:.3f}"
            )
        if report["missing_law_named"] is not None:
            self.stdout.write(f"missing law named on the card: {report['missing_law_named']:.3f}")
        if report["clause_accuracy"] is not None:
            self.stdout.write(
                f"right clause cited (of right articles with a gold clause): {report['clause_accuracy']:.3f}"
            )
        for miss in report.get("misses", []):
            got = "abstained" if miss["abstained"] and not miss["got"] else miss["got"]
            self.stdout.write(f"  MISS {miss['id']}: {miss['text'][:90]} | gold {miss['gold']} | got {got}")
