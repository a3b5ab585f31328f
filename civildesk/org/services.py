"""Every write to units, people, roles, the audit trail and jobs goes through here."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from civildesk.text import nfc as text_nfc

from . import auditkey, policy
from .audit import client_ip
from .models import ApiToken, AuditEntry, Job, JobStatus, Person, Position, Role, RoleAssignment, Unit, User

GENESIS_HASH = "0" * 64
_AUDIT_LOCK_KEY = 4_242_001


def nfc(value: str) -> str:
    """NFC (``civildesk.text.nfc``) and stripped: how every service stores text typed in."""
    return text_nfc(value).strip()


# --- Audit trail -----------------------------------------------------------


def _describe(obj: Any) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:255]


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    unit: Unit | None = None,
    summary: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail, chained to the previous one.

    ``summary`` is a short before/after description; never put secrets in it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_AUDIT_LOCK_KEY])
    # SQLite: transactions are IMMEDIATE, so the writer already holds the lock.
    last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    object_type, object_id, object_repr = _describe(obj)
    if unit is None and obj is not None:
        unit = policy.unit_of(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        actor=actor if authenticated else None,
        actor_repr=(actor.get_username() if authenticated else (str(actor) if actor else "system"))[:255],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        unit=unit,
        ip_address=ip or client_ip.get(),
        summary=summary or {},
        prev_hash=last.entry_hash if last else GENESIS_HASH,
    )
    # Round-trip the JSON summary so the hash covers what the database returns.
    entry.summary = _roundtrip(entry.summary)
    entry.entry_hash = entry.compute_hash()
    entry.save(_append=True)
    every = settings.CIVILDESK_AUDIT_ANCHOR_EVERY
    if every and entry.seq % every == 0:
        seq, entry_hash = entry.seq, entry.entry_hash
        transaction.on_commit(lambda: auditkey.anchor_write(seq=seq, entry_hash=entry_hash))
    return entry


def _roundtrip(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    pk: int | None
    reason: str


def audit_verify_chain(progress: Any = None) -> Iterator[AuditProblem]:
    """Walk the chain in order and yield each problem found (first one first).

    Each hash is checked with the audit key; the newest anchor (written outside
    the database) must still be in the chain, so cutting its end is found too.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    total = AuditEntry.objects.count()
    anchor = auditkey.anchor_last()
    anchor_seen = anchor is None
    for done, entry in enumerate(AuditEntry.objects.order_by("seq").iterator(chunk_size=2000), start=1):
        if entry.seq != expected_seq:
            yield AuditProblem(entry.seq, entry.pk, f"entries {expected_seq}..{entry.seq - 1} are missing")
        if entry.prev_hash != expected_prev:
            yield AuditProblem(entry.seq, entry.pk, "previous-hash link does not match the entry before it")
        if not hmac.compare_digest(entry.compute_hash(), entry.entry_hash):
            if auditkey.legacy_hash(entry.hashed_text()) == entry.entry_hash:
                reason = "hashed without the audit key (forged, or not re-keyed: see manage.py audit_rekey)"
            else:
                reason = "content does not match its hash (edited)"
            yield AuditProblem(entry.seq, entry.pk, reason)
        if anchor is not None and entry.seq == anchor.seq:
            anchor_seen = True
            if entry.entry_hash != anchor.entry_hash:
                yield AuditProblem(entry.seq, entry.pk, "does not match the anchored head of the chain")
        expected_prev = entry.entry_hash
        expected_seq = entry.seq + 1
        if progress and done % 500 == 0:
            progress(done, total)
    if not anchor_seen:
        assert anchor is not None
        yield AuditProblem(
            anchor.seq,
            None,
            f"entries {expected_seq}..{anchor.seq} are missing: the chain ends before the head anchored "
            f"at {anchor.at:%Y-%m-%d %H:%M} (newest entries deleted)",
        )


def audit_head() -> tuple[int, str] | None:
    """The newest entry's (seq, hash), or None for an empty trail."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    return (last[0], last[1]) if last else None


def audit_anchor_head() -> auditkey.Anchor | None:
    """Write the current head to the anchor file and the log (after a verification, say)."""
    head = audit_head()
    if head is None:
        return None
    return auditkey.anchor_write(seq=head[0], entry_hash=head[1])


# --- Units -----------------------------------------------------------------


def _set_path(unit: Unit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0


@transaction.atomic
def unit_create(
    *, actor: Any, code: str, name: str, kind: str, parent: Unit | None = None, short_name: str = ""
) -> Unit:
    if parent is not None:
        policy.require(actor, "org.manage_units", parent)
    elif not policy.has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("Only a system administrator may create a top-level unit."))
    unit = Unit(code=nfc(code), name=nfc(name), short_name=nfc(short_name), kind=kind, parent=parent)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor, action="org.unit_create", obj=unit, summary={"after": {"code": unit.code, "name": unit.name}}
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, name: str, short_name: str, kind: str, is_active: bool) -> Unit:
    policy.require(actor, "org.manage_units", unit)
    before = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "is_active": unit.is_active}
    unit.name, unit.short_name, unit.kind, unit.is_active = nfc(name), nfc(short_name), kind, is_active
    unit.full_clean()
    unit.save(update_fields=["name", "short_name", "kind", "is_active"])
    after = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "is_active": unit.is_active}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    audit_record(actor=actor, action="org.unit_update", obj=unit, summary={"changed": changed})
    return unit


# --- People, positions, roles ---------------------------------------------


@transaction.atomic
def person_create(
    *,
    actor: Any,
    full_name: str,
    unit: Unit,
    title: str,
    email: str = "",
    phone: str = "",
    username: str = "",
    password: str | None = None,
) -> Person:
    """Create a person with a first position in ``unit`` and, optionally, an account."""
    policy.require(actor, "org.manage_people", unit)
    user = None
    if username:
        user = User(username=nfc(username), email=email)
        user.full_clean(exclude=["password"])
        if password:
            from django.contrib.auth.password_validation import validate_password

            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    person = Person(user=user, full_name=nfc(full_name), email=email, phone=nfc(phone))
    person.full_clean()
    person.save()
    position = Position(person=person, unit=unit, title=nfc(title))
    position.full_clean()
    position.save()
    audit_record(
        actor=actor,
        action="org.person_create",
        obj=person,
        unit=unit,
        summary={"after": {"full_name": person.full_name, "title": position.title, "account": bool(user)}},
    )
    return person


def person_units(person: Person) -> list[Unit]:
    return [p.unit for p in person.positions.current().select_related("unit")]


@transaction.atomic
def position_add(
    *, actor: Any, person: Person, unit: Unit, title: str, start_date: date | None = None, is_primary: bool = False
) -> Position:
    policy.require(actor, "org.manage_people", unit)
    position = Position(
        person=person, unit=unit, title=nfc(title), start_date=start_date or timezone.localdate(), is_primary=is_primary
    )
    position.full_clean()
    position.save()
    audit_record(actor=actor, action="org.position_add", obj=position, unit=unit, summary={"after": str(position)})
    return position


@transaction.atomic
def position_end(*, actor: Any, position: Position, end_date: date | None = None) -> Position:
    policy.require(actor, "org.manage_people", position.unit)
    position.end_date = end_date or timezone.localdate()
    position.full_clean()
    position.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action="org.position_end",
        obj=position,
        unit=position.unit,
        summary={"end_date": position.end_date.isoformat()},
    )
    return position


@transaction.atomic
def role_grant(*, actor: Any, user: User, unit: Unit, role: str) -> RoleAssignment:
    """Give ``user`` a role in ``unit``. Only a system admin may grant system admin."""
    policy.require(actor, "org.manage_people", unit)
    if role == Role.SYSTEM_ADMIN and not policy.has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("Only a system administrator may grant that role."))
    assignment, created = RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        policy.forget(user)
        audit_record(actor=actor, action="org.role_grant", obj=assignment, unit=unit, summary={"role": role})
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    policy.require(actor, "org.manage_people", assignment.unit)
    if assignment.role == Role.SYSTEM_ADMIN and not policy.has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("Only a system administrator may revoke that role."))
    audit_record(
        actor=actor,
        action="org.role_revoke",
        obj=assignment,
        unit=assignment.unit,
        summary={"role": assignment.role, "user": assignment.user.get_username()},
    )
    policy.forget(assignment.user)
    assignment.delete()


# --- Jobs ------------------------------------------------------------------


def job_create(*, owner: Any, kind: str, title: str, unit: Unit | None = None) -> Job:
    job = Job(owner=owner if getattr(owner, "is_authenticated", False) else None, kind=kind, title=title, unit=unit)
    job.full_clean()
    job.save()
    return job


@transaction.atomic
def audit_verify_start(*, actor: Any) -> Job:
    """Check the whole audit chain in the background (a system administrator's step)."""
    from .tasks import audit_verify_task

    if not policy.has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDenied
    # Stored untranslated; shown in the reader's language (org.models.job_text).
    job = job_create(owner=actor, kind="org.audit_verify", title=gettext_noop("Verify the audit trail"))
    transaction.on_commit(lambda: audit_verify_task.enqueue(str(job.pk)))
    return job


def job_progress(*, job_id: Any, percent: int, message: str = "") -> None:
    """Report progress (0-100) from a worker. One UPDATE, no read."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING,
        percent=max(0, min(100, int(percent))),
        message=message[:500],
        updated_at=timezone.now(),
    )


def job_finish(*, job_id: Any, message: str = "", result_url: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, percent=100, message=message[:500], result_url=result_url, updated_at=timezone.now()
    )


def job_fail(*, job_id: Any, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=message[:500], updated_at=timezone.now())


# Sent with ``jobs`` (the jobs just failed as stale) so that the app owning the work can reset it.
job_stale = Signal()
_last_sweep = 0.0


# Stored untranslated, shown in the reader's language (registered in org.tasks.JOB_MESSAGES).
JOB_INTERRUPTED = gettext_noop(
    "The work stopped before it finished (the background worker was interrupted). You can try again."
)
JOB_CRASHED = gettext_noop("The work failed because of an unexpected error. You can try again.")


def job_fail_unfinished(*, job_ids: list[Any], message: str, older_than: datetime | None = None) -> list[Job]:
    """Mark failed those of the jobs still queued or running (their work is lost), and send ``job_stale``."""
    if not job_ids:
        return []
    with transaction.atomic():
        unfinished = Job.objects.filter(pk__in=job_ids, status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        if older_than is not None:
            # Only those still stale when written: a worker that reported meanwhile keeps its job.
            unfinished = unfinished.filter(status=JobStatus.RUNNING, updated_at__lt=older_than)
        pks = list(unfinished.select_for_update().values_list("pk", flat=True))
        if not pks:
            return []
        Job.objects.filter(pk__in=pks).update(status=JobStatus.FAILED, message=message, updated_at=timezone.now())
        failed = list(Job.objects.filter(pk__in=pks))
        job_stale.send(sender=Job, jobs=failed)
    return failed


def job_sweep_stale(*, now: datetime | None = None) -> list[Job]:
    """Fail the running jobs whose worker stopped reporting (killed, crashed, machine restarted).

    With RQ, a job whose worker died is known from RQ's registry of started
    jobs about a minute later (``taskqueue.rq_abandoned_job_ids``). With any
    backend, ``job_progress`` is the heartbeat: a running job not updated for
    ``CIVILDESK_JOB_STALE_MINUTES`` is marked failed. Either way the user sees
    a message, and ``job_stale`` lets the owning app make the work retryable.
    Cheap (one indexed query when nothing is stale); run by the workers, by
    ``manage.py job_sweep`` and when a job's page is read.
    """
    from .taskqueue import rq_abandoned_job_ids, rq_forget_abandoned

    failed = job_fail_unfinished(job_ids=rq_abandoned_job_ids(), message=JOB_INTERRUPTED)
    rq_forget_abandoned()
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.CIVILDESK_JOB_STALE_MINUTES)
    stale = list(Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=cutoff).values_list("pk", flat=True))
    return failed + job_fail_unfinished(job_ids=stale, message=JOB_INTERRUPTED, older_than=cutoff)


def job_task_failed(*, task_result: Any) -> list[Job]:
    """A task ended by an exception it did not report (or RQ found its worker dead): its job must not stay running."""
    from .taskqueue import task_job_id

    job_id = task_job_id(task_result.task.func, task_result.args, task_result.kwargs)
    if job_id is None:
        return []
    # RQ reports a dead worker's task with no error of its own, or as AbandonedJobError.
    crashed = task_result.errors and not any(
        error.exception_class_path.endswith("AbandonedJobError") for error in task_result.errors
    )
    return job_fail_unfinished(job_ids=[job_id], message=JOB_CRASHED if crashed else JOB_INTERRUPTED)


def job_is_stale(job: Job) -> bool:
    cutoff = timezone.now() - timedelta(minutes=settings.CIVILDESK_JOB_STALE_MINUTES)
    return job.status == JobStatus.RUNNING and job.updated_at < cutoff


def job_sweep_stale_throttled(*, every_seconds: float = 60.0) -> None:
    """``job_sweep_stale`` at most once a minute per process (called from hot paths)."""
    global _last_sweep
    now = time.monotonic()
    if now - _last_sweep < every_seconds:
        return
    _last_sweep = now
    job_sweep_stale()


# --- API tokens -----------------------------------------------------------


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and the clear key, which is never stored."""
    key = "cd_" + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=nfc(name) or "API", key_hash=api_token_hash(key), prefix=key[:8])
    token.full_clean()
    token.save()
    audit_record(actor=user, action="org.api_token_create", obj=token, summary={"name": token.name})
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    if token.user_id != actor.pk and not policy.has_role(actor, Role.SYSTEM_ADMIN):
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="org.api_token_revoke", obj=token, summary={"name": token.name})


# --- Notifications -------------------------------------------------------------


def notify(*, users: Any, message: str, params: dict[str, Any] | None = None, url: str = "") -> list[Any]:
    """Notify people: a row each (shown on their home page) and an e-mail in their language.

    ``message`` is a message id marked with ``gettext_noop``; it is translated when
    read. Call it after the transaction commits (the workflow mechanism does).
    """
    from django.core.mail import send_mail
    from django.utils import translation

    from .models import Notification

    params = _roundtrip(params or {})
    out = []
    for user in dict.fromkeys(users):
        note = Notification(user=user, message=message[:500], params=params, url=url[:500])
        note.full_clean()
        note.save()
        out.append(note)
        if user.email:
            language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
            with translation.override(language):
                text = note.text
            send_mail(text[:150], f"{text}\n{url}" if url else text, None, [user.email], fail_silently=True)
    return out


def notifications_read(*, user: Any, ids: list[int] | None = None, url: str | None = None) -> int:
    """Mark the user's unread notifications read: all, the given ones, or those about the page at ``url``
    (opening an object's page reads what was said about it)."""
    from .models import Notification

    qs = Notification.objects.filter(user=user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if url is not None:
        qs = qs.filter(url=url)
    return qs.update(read_at=timezone.now())
