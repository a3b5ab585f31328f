"""Every write of the inspection app goes through here.

Cases move through guarded transitions (``TRANSITIONS`` is the one table of
which action is allowed from which status, by whom); each one refuses a wrong
state, checks permission, records a :class:`CaseEvent` and an audit entry.
The identity of a filer is encrypted before it reaches the database and is
never written to an audit summary, an event note or a log.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org import policy
from civildesk.org.models import Role, Unit
from civildesk.org.services import audit_record, nfc

from . import deadlines, protect
from .models import (
    OPEN_STATUSES,
    Attachment,
    Case,
    CaseEvent,
    CaseLink,
    CaseStatus,
    CaseType,
    Channel,
    Complexity,
    DayCount,
    DeadlineRule,
    DiaryEntry,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Instance,
    LinkKind,
    PlanItem,
    PlanStatus,
    Recommendation,
    RecommendationReport,
    RecommendationStatus,
    ReportStatus,
    TeamMember,
    TeamRole,
    TriageReason,
)

S = CaseStatus

# name -> (statuses it may start from, status it leads to (None: unchanged), action required)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None, str]] = {
    "classify": (frozenset({S.RECEIVED, S.CLASSIFIED}), S.CLASSIFIED, "inspection.receive"),
    "accept": (frozenset({S.CLASSIFIED}), S.ACCEPTED, "inspection.receive"),
    "transfer": (frozenset({S.CLASSIFIED}), S.TRANSFERRED, "inspection.receive"),
    "return": (frozenset({S.CLASSIFIED}), S.RETURNED, "inspection.receive"),
    "reject": (frozenset({S.CLASSIFIED}), S.REJECTED, "inspection.receive"),
    "assign": (frozenset({S.ACCEPTED, S.VERIFYING, S.SUSPENDED}), None, "inspection.decide"),
    "start_verification": (frozenset({S.ACCEPTED}), S.VERIFYING, "inspection.handle"),
    "extend": (frozenset({S.ACCEPTED, S.VERIFYING}), None, "inspection.decide"),
    "suspend": (frozenset({S.ACCEPTED, S.VERIFYING}), S.SUSPENDED, "inspection.decide"),
    "resume": (frozenset({S.SUSPENDED}), None, "inspection.decide"),
    "conclude": (frozenset({S.VERIFYING}), S.CONCLUDED, "inspection.handle"),
    "issue_decision": (frozenset({S.CONCLUDED}), S.DECISION_ISSUED, "inspection.decide"),
    "close": (frozenset({S.DECISION_ISSUED}), S.CLOSED, "inspection.decide"),
    "close_triaged": (frozenset({S.TRANSFERRED, S.RETURNED, S.REJECTED}), S.CLOSED, "inspection.receive"),
}
# Only the assigned handler (or a leader who may decide) does the handler's steps.
HANDLER_STEPS = frozenset({"start_verification", "conclude"})
# Events the filer sees on the tracking page.
PUBLIC_EVENTS = frozenset(
    {
        "receive",
        "accept",
        "transfer",
        "return",
        "reject",
        "extend",
        "suspend",
        "resume",
        "issue_decision",
        "close",
        "close_triaged",
    }
)


def allowed_transitions(user: Any, case: Case) -> list[str]:
    """The transitions ``user`` may apply to ``case`` now (to show the right buttons)."""
    out = []
    for name, (sources, _target, action) in TRANSITIONS.items():
        if case.merged_into_id or case.status not in sources or not policy.can(user, action, case):
            continue
        if name in HANDLER_STEPS and not _is_handler_or_decider(user, case):
            continue
        if name == "extend" and not can_extend(case):
            continue
        out.append(name)
    return out


def _is_handler_or_decider(user: Any, case: Case) -> bool:
    return case.assignee_id == getattr(user, "pk", None) or policy.can(user, "inspection.decide", case)


def _guard(actor: Any, case: Case, name: str) -> str | None:
    sources, target, action = TRANSITIONS[name]
    if case.merged_into_id:
        raise ValidationError(
            _("This case was merged into %(number)s; act on that case.") % {"number": case.merged_into.number}
        )
    if case.status not in sources:
        raise ValidationError(
            _("This cannot be done while the case is “%(status)s”.") % {"status": case.get_status_display()},
            code="wrong_state",
        )
    policy.require(actor, action, case)
    if name in HANDLER_STEPS and not _is_handler_or_decider(actor, case):
        raise PermissionDenied(_("Only the assigned handler may do this."))
    return target


def _event(*, actor: Any, case: Case, action: str, before: str, note: str = "", summary: dict | None = None) -> None:
    CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=before,
        to_status=case.status,
        note=note,
        public=action in PUBLIC_EVENTS,
    )
    audit_record(
        actor=actor,
        action=f"inspection.case_{action}",
        obj=case,
        summary={"from": before, "to": case.status, **(summary or {})},
    )


def _save(case: Case, fields: list[str]) -> None:
    case.full_clean()
    case.save(update_fields=fields)


def _lock(case: Case) -> Case:
    """Re-read the case inside the transaction so two clicks cannot both pass the guard."""
    return Case.objects.select_for_update(of=("self",)).select_related("rule", "merged_into").get(pk=case.pk)


# --- Deadline rules ---------------------------------------------------------------


def rule_terms(rule: DeadlineRule) -> deadlines.Terms:
    return deadlines.Terms(
        days=rule.days,
        complex_days=rule.complex_days,
        remote_days=rule.remote_days,
        remote_complex_days=rule.remote_complex_days,
        working=rule.day_count == DayCount.WORKING,
        extension_days=rule.extension_days,
        max_extensions_complex=rule.max_extensions_complex,
        max_extensions_very_complex=rule.max_extensions_very_complex,
    )


def rule_for(case_type: str, instance: str) -> DeadlineRule | None:
    if case_type != CaseType.COMPLAINT:
        instance = Instance.NONE
    return DeadlineRule.objects.filter(case_type=case_type, instance=instance, is_active=True).first()


def _recompute(case: Case) -> None:
    rule = case.rule
    if rule is None:
        case.intake_deadline = case.deadline = None
        return
    case.intake_deadline = deadlines.intake_deadline(
        case.received_on, rule.intake_days, working=rule.intake_day_count == DayCount.WORKING
    )
    if case.accepted_on:
        case.deadline = deadlines.settlement_deadline(
            rule_terms(rule),
            case.accepted_on,
            complexity=case.complexity,
            remote=case.remote_area,
            extensions=case.extensions,
            suspended_days=case.suspended_days,
        )


def can_extend(case: Case) -> bool:
    rule = case.rule
    if rule is None:
        return False
    terms = rule_terms(rule)
    if terms.extension_days:
        return case.complexity != Complexity.NORMAL and case.extensions < deadlines.max_extensions(
            terms, complexity=case.complexity
        )
    # Complaints: no extension as such, but a complex case has the longer limit.
    return case.complexity == Complexity.NORMAL


# --- Identity ---------------------------------------------------------------------


def identity_can_view(user: Any, case: Case) -> bool:
    """Who may read the filer's identity.

    Complaints and petitions: whoever may handle the case. Denunciations
    (Law on Denunciations 2018, Art. 47-48): only the assigned handler and
    the head of the handling unit — a leader of exactly that unit. Nobody
    else: not the units above, not a system administrator, not a superuser.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if case.case_type != CaseType.DENUNCIATION:
        return policy.can(user, "inspection.handle", case)
    if case.assignee_id and case.assignee_id == user.pk:
        return True
    return any(g.role == Role.LEADER and g.unit_id == case.unit_id for g in policy.grants(user))


def case_identity_view(*, actor: Any, case: Case) -> protect.Identity:
    """Decrypt the filer's identity for ``actor``; every reading is in the audit trail."""
    if not identity_can_view(actor, case):
        audit_record(actor=actor, action="inspection.identity_refused", obj=case)
        raise PermissionDenied(_("You may not see who filed this case."))
    audit_record(actor=actor, action="inspection.identity_view", obj=case)
    return protect.decrypt_identity(case.identity_token)


# --- Intake -----------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        code = f"{code[:4]}-{code[4:]}"
        if not Case.objects.filter(tracking_code=code).exists():
            return code


@dataclass
class Registered:
    case: Case
    secret: str  # shown once to the filer, stored only hashed


@transaction.atomic
def case_register(
    *,
    actor: Any,
    unit: Unit,
    case_type: str,
    channel: str,
    title: str,
    content: str,
    identity: protect.Identity,
    instance: str = Instance.NONE,
    field: str = "",
    subject_name: str = "",
    subject_unit: Unit | None = None,
    received_on: date | None = None,
    public: bool = False,
) -> Registered:
    """Register a new case (reception desk, or the public portal with ``public=True``)."""
    if not public:
        policy.require(actor, "inspection.receive", unit)
    elif channel != Channel.ONLINE or case_type == CaseType.DENUNCIATION:
        raise ValidationError(_("Online, only complaints and petitions can be sent."))
    if case_type == CaseType.DENUNCIATION and (not identity.name.strip() or not (identity.address or identity.phone)):
        raise ValidationError(
            {
                "name": _(
                    "A denunciation must give the denouncer's full name and address or phone (Law on Denunciations, Art. 23)."
                )
            }
        )
    if case_type != CaseType.COMPLAINT:
        instance = Instance.NONE
    elif instance == Instance.NONE:
        instance = Instance.FIRST
    secret = secrets.token_urlsafe(12)
    case = Case(
        number="pending",
        tracking_code=_new_tracking_code(),
        secret_hash=make_password(secret),
        case_type=case_type,
        instance=instance,
        channel=channel,
        unit=unit,
        title=nfc(title),
        content=nfc(content),
        field=nfc(field),
        subject_name=nfc(subject_name),
        subject_unit=subject_unit,
        received_on=received_on or timezone.localdate(),
        status=S.RECEIVED,
        identity_token=protect.encrypt_identity(identity),
        person_key=protect.person_key(identity.citizen_id),
        phone_key=protect.phone_key(identity.phone),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if case.received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    case.rule = rule_for(case_type, instance)
    _recompute(case)
    case.full_clean(exclude=["number"])
    case.save()
    case.number = f"{case.received_on.year}-{case.pk:05d}"
    case.save(update_fields=["number"])
    _event(
        actor=actor if not public else None,
        case=case,
        action="receive",
        before="",
        summary={"type": case_type, "channel": channel},
    )
    return Registered(case=case, secret=secret)


def case_find_for_citizen(*, tracking_code: str, secret: str) -> Case | None:
    """The case with this code, if the secret matches (constant work whether or not the code exists)."""
    case = Case.objects.filter(tracking_code=tracking_code.strip().upper()).first()
    ok = check_password(secret.strip(), case.secret_hash if case else make_password(None))
    return case if (case and ok) else None


@transaction.atomic
def case_classify(
    *,
    actor: Any,
    case: Case,
    case_type: str,
    instance: str,
    field: str,
    complexity: str,
    remote_area: bool,
    subject_name: str = "",
    subject_unit: Unit | None = None,
    note: str = "",
) -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, "classify") or case.status
    if case_type != CaseType.COMPLAINT:
        instance = Instance.NONE
    elif instance == Instance.NONE:
        raise ValidationError({"instance": _("Say whether the complaint is at first or second instance.")})
    if case_type == CaseType.DENUNCIATION and case.channel == Channel.ONLINE:
        raise ValidationError(
            {"case_type": _("An online submission cannot become a denunciation without the denouncer's identity.")}
        )
    case.case_type, case.instance, case.field = case_type, instance, nfc(field)
    case.complexity, case.remote_area = complexity, remote_area
    if subject_name:
        case.subject_name = nfc(subject_name)
    if subject_unit is not None:
        case.subject_unit = subject_unit
    case.rule = rule_for(case_type, instance)
    _recompute(case)
    _save(
        case,
        [
            "status",
            "case_type",
            "instance",
            "field",
            "complexity",
            "remote_area",
            "subject_name",
            "subject_unit",
            "rule",
            "intake_deadline",
            "deadline",
        ],
    )
    _event(
        actor=actor,
        case=case,
        action="classify",
        before=before,
        note=nfc(note),
        summary={"type": case_type, "instance": instance, "complexity": complexity},
    )
    return case


@transaction.atomic
def case_accept(*, actor: Any, case: Case, accepted_on: date | None = None, note: str = "") -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, "accept")
    if case.rule is None:
        raise ValidationError(_("No statutory time limit is configured for this type of case."))
    case.accepted_on = accepted_on or timezone.localdate()
    if case.accepted_on < case.received_on or case.accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("The acceptance date must be between receipt and today.")})
    _recompute(case)
    _save(case, ["status", "accepted_on", "deadline"])
    _event(
        actor=actor,
        case=case,
        action="accept",
        before=before,
        note=nfc(note),
        summary={"deadline": case.deadline.isoformat()},
    )
    return case


def _triage(actor: Any, case: Case, name: str, reason: str, note: str, transferred_to: str = "") -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, name)
    if reason not in TriageReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if name == "transfer" and not transferred_to.strip():
        raise ValidationError({"transferred_to": _("Name the competent agency the case is transferred to.")})
    if reason == TriageReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason in the note.")})
    case.triage_reason, case.transferred_to = reason, nfc(transferred_to)
    _save(case, ["status", "triage_reason", "transferred_to"])
    public_note = TriageReason(reason).label
    text = f"{public_note}. {transferred_to}".strip(". ") if transferred_to else str(public_note)
    _event(
        actor=actor,
        case=case,
        action=name,
        before=before,
        note=text + (f" — {nfc(note)}" if note else ""),
        summary={"reason": reason},
    )
    return case


@transaction.atomic
def case_transfer(*, actor: Any, case: Case, reason: str, transferred_to: str, note: str = "") -> Case:
    return _triage(actor, case, "transfer", reason, note, transferred_to)


@transaction.atomic
def case_return(*, actor: Any, case: Case, reason: str, note: str = "") -> Case:
    return _triage(actor, case, "return", reason, note)


@transaction.atomic
def case_reject(*, actor: Any, case: Case, reason: str, note: str = "") -> Case:
    return _triage(actor, case, "reject", reason, note)


# --- Settlement ---------------------------------------------------------------------


@transaction.atomic
def case_assign(*, actor: Any, case: Case, assignee: Any, note: str = "") -> Case:
    case = _lock(case)
    before = case.status
    _guard(actor, case, "assign")
    policy.forget(assignee)
    if not policy.can(assignee, "inspection.handle", case):
        raise ValidationError({"assignee": _("This person cannot handle cases of this unit.")})
    case.assignee = assignee
    _save(case, ["assignee"])
    _event(
        actor=actor,
        case=case,
        action="assign",
        before=before,
        note=nfc(note),
        summary={"assignee": assignee.get_username()},
    )
    return case


@transaction.atomic
def case_start_verification(*, actor: Any, case: Case, note: str = "") -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, "start_verification")
    if not case.assignee_id:
        raise ValidationError(_("Assign a handler first."))
    _save(case, ["status"])
    _event(actor=actor, case=case, action="start_verification", before=before, note=nfc(note))
    return case


@transaction.atomic
def case_extend(*, actor: Any, case: Case, reason: str, complexity: str | None = None) -> Case:
    """Extend the settlement period, within what the rule allows for the case's complexity."""
    case = _lock(case)
    before = case.status
    _guard(actor, case, "extend")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    terms = rule_terms(case.rule)
    if terms.extension_days:
        if complexity:
            case.complexity = complexity
        if case.complexity == Complexity.NORMAL:
            raise ValidationError({"complexity": _("Only a complex case may be extended.")})
        if case.extensions >= deadlines.max_extensions(terms, complexity=case.complexity):
            raise ValidationError(_("The law allows no further extension for this case."))
        case.extensions += 1
    else:
        # Complaints: a complex case has the longer limit, once.
        if case.complexity != Complexity.NORMAL:
            raise ValidationError(_("The law allows no further extension for this case."))
        case.complexity = Complexity.COMPLEX
    old = case.deadline
    _recompute(case)
    _save(case, ["complexity", "extensions", "deadline"])
    _event(
        actor=actor,
        case=case,
        action="extend",
        before=before,
        note=nfc(reason),
        summary={"deadline": [old.isoformat() if old else None, case.deadline.isoformat()]},
    )
    return case


@transaction.atomic
def case_suspend(*, actor: Any, case: Case, reason: str, on: date | None = None) -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, "suspend")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    case.status_before_suspension = before
    case.suspended_on = on or timezone.localdate()
    _save(case, ["status", "status_before_suspension", "suspended_on"])
    _event(actor=actor, case=case, action="suspend", before=before, note=nfc(reason))
    return case


@transaction.atomic
def case_resume(*, actor: Any, case: Case, on: date | None = None, note: str = "") -> Case:
    """Resume a suspended case: the suspended days are added to the deadline."""
    case = _lock(case)
    before = case.status
    _guard(actor, case, "resume")
    on = on or timezone.localdate()
    if on < case.suspended_on:
        raise ValidationError(_("A case cannot resume before it was suspended."))
    working = case.rule.day_count == DayCount.WORKING
    case.suspended_days += max(0, deadlines.days_between(case.suspended_on, on, working=working))
    case.status = case.status_before_suspension or S.VERIFYING
    case.status_before_suspension, case.suspended_on = "", None
    _recompute(case)
    _save(case, ["status", "status_before_suspension", "suspended_on", "suspended_days", "deadline"])
    _event(
        actor=actor,
        case=case,
        action="resume",
        before=before,
        note=nfc(note),
        summary={"deadline": case.deadline.isoformat()},
    )
    return case


@transaction.atomic
def case_conclude(*, actor: Any, case: Case, conclusion: str, concluded_on: date | None = None) -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, "conclude")
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write the conclusion.")})
    case.conclusion, case.concluded_on = nfc(conclusion), concluded_on or timezone.localdate()
    _save(case, ["status", "conclusion", "concluded_on"])
    _event(actor=actor, case=case, action="conclude", before=before)
    return case


@transaction.atomic
def case_issue_decision(
    *, actor: Any, case: Case, decision_number: str, outcome_public: str, decided_on: date | None = None
) -> Case:
    case = _lock(case)
    before = case.status
    case.status = _guard(actor, case, "issue_decision")
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Give the number of the decision or the reply.")})
    if not outcome_public.strip():
        raise ValidationError({"outcome_public": _("Write the outcome to tell the filer.")})
    case.decision_number, case.outcome_public = nfc(decision_number), nfc(outcome_public)
    case.decided_on = decided_on or timezone.localdate()
    _save(case, ["status", "decision_number", "outcome_public", "decided_on"])
    _event(
        actor=actor,
        case=case,
        action="issue_decision",
        before=before,
        note=case.decision_number,
        summary={"on_time": bool(case.deadline and case.decided_on <= case.deadline)},
    )
    return case


@transaction.atomic
def case_close(*, actor: Any, case: Case, note: str = "") -> Case:
    case = _lock(case)
    before = case.status
    name = "close_triaged" if case.status in TRANSITIONS["close_triaged"][0] else "close"
    case.status = _guard(actor, case, name)
    case.closed_on = timezone.localdate()
    _save(case, ["status", "closed_on"])
    _event(actor=actor, case=case, action=name, before=before, note=nfc(note))
    return case


# --- Duplicates: link and merge ---------------------------------------------------------


def case_duplicates(*, user: Any, case: Case) -> list[Any]:
    from .duplicates import find_duplicates

    candidates = Case.objects.open().visible_to(user).exclude(pk=case.pk)
    return find_duplicates(case, candidates)


@transaction.atomic
def case_link(*, actor: Any, case: Case, other: Case, kind: str, note: str = "") -> CaseLink:
    """Link ``case`` to ``other``; with ``kind=duplicate`` ``case`` is merged into ``other``.

    Both records and their histories are kept; the merged case leaves the
    open lists and points to the case that carries on.
    """
    policy.require(actor, "inspection.receive", case)
    policy.require(actor, "inspection.view_cases", other)
    if case.pk == other.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose how the cases are linked.")})
    case = _lock(case)
    if case.merged_into_id:
        raise ValidationError(_("This case is already merged."))
    if kind == LinkKind.DUPLICATE:
        if other.merged_into_id:
            raise ValidationError(_("Merge into the case that carries on, not into a merged one."))
        if case.status not in (S.RECEIVED, S.CLASSIFIED):
            raise ValidationError(_("Only a case not yet accepted can be merged into another."))
    link, created = CaseLink.objects.get_or_create(
        from_case=case, to_case=other, defaults={"kind": kind, "note": nfc(note), "created_by": actor}
    )
    if not created:
        raise ValidationError(_("These cases are already linked."))
    if kind == LinkKind.DUPLICATE:
        case.merged_into = other
        case.save(update_fields=["merged_into"])
    _event(
        actor=actor,
        case=case,
        action="merge" if kind == LinkKind.DUPLICATE else "link",
        before=case.status,
        note=other.number,
        summary={"other": other.number},
    )
    CaseEvent.objects.create(
        case=other, actor=actor, action="linked", from_status=other.status, to_status=other.status, note=case.number
    )
    return link


# --- Attachments ---------------------------------------------------------------------


_EXT = {"pdf": "pdf", "docx": "docx", "html": "html", "text": "txt", "image": "img"}


@transaction.atomic
def attachment_add(*, actor: Any, owner: Any, data: bytes, filename: str, description: str = "") -> Attachment:
    """Attach a file (size and type checked from the bytes, as in the library) to a case, inspection or report."""
    from civildesk.library.services import check_upload

    if isinstance(owner, Case):
        policy.require(actor, "inspection.view_cases", owner)
        kwargs: dict[str, Any] = {"case": owner}
    elif isinstance(owner, Inspection):
        _require_team(actor, owner)
        kwargs = {"inspection": owner}
    elif isinstance(owner, RecommendationReport):
        policy.require(actor, "inspection.follow_up", owner.recommendation.responsible_unit)
        kwargs = {"report": owner}
    else:
        raise TypeError(owner)
    file_type = check_upload(data=data, filename=filename)
    sha = hashlib.sha256(data).hexdigest()
    att = Attachment(
        **kwargs,
        filename=nfc(filename)[:255],
        file_type=file_type,
        size=len(data),
        sha256=sha,
        description=nfc(description),
        uploaded_by=actor,
    )
    att.file.save(f"{sha}.{_EXT.get(file_type, 'bin')}", ContentFile(data), save=False)
    try:
        att.full_clean()
        att.save()
        audit_record(
            actor=actor, action="inspection.attachment_add", obj=owner, summary={"file": att.filename, "size": att.size}
        )
    except Exception:
        att.file.delete(save=False)
        raise
    return att


def attachment_can_read(user: Any, att: Attachment) -> bool:
    if att.case_id:
        return policy.can(user, "inspection.view_cases", att.case)
    if att.inspection_id:
        return policy.can(user, "inspection.inspect", att.inspection)
    rec = att.report.recommendation
    return policy.can(user, "inspection.inspect", rec.inspection) or policy.can(
        user, "inspection.follow_up", rec.responsible_unit
    )


# --- Inspection plans ----------------------------------------------------------------


@dataclass
class Overlap:
    subject: str
    inspecting_unit: Unit
    what: str  # "plan" or "inspection"
    topic: str


def overlaps(
    *, year: int, subject_unit: Unit | None, subject_name: str, inspecting_unit: Unit, exclude_item: int | None = None
) -> list[Overlap]:
    """Other units' plan items and inspections of the same subject in the same year."""
    from civildesk.text import fold

    folded = fold(subject_name).strip()
    out: list[Overlap] = []
    items = (
        PlanItem.objects.filter(plan__year=year)
        .exclude(inspecting_unit=inspecting_unit)
        .select_related("inspecting_unit")
    )
    if exclude_item:
        items = items.exclude(pk=exclude_item)
    for item in items:
        same = (subject_unit is not None and item.subject_unit_id == subject_unit.pk) or fold(
            item.subject_name
        ).strip() == folded
        if same:
            out.append(Overlap(item.subject_name, item.inspecting_unit, "plan", item.topic))
    for insp in (
        Inspection.objects.filter(period_start__year=year, plan_item__isnull=True)
        .exclude(unit=inspecting_unit)
        .select_related("unit")
    ):
        same = (subject_unit is not None and insp.subject_unit_id == subject_unit.pk) or fold(
            insp.subject_name
        ).strip() == folded
        if same:
            out.append(Overlap(insp.subject_name, insp.unit, "inspection", insp.topic))
    return out


@transaction.atomic
def plan_create(*, actor: Any, unit: Unit, year: int, title: str, legal_basis: str = "") -> InspectionPlan:
    policy.require(actor, "inspection.plan", unit)
    plan = InspectionPlan(unit=unit, year=year, title=nfc(title), legal_basis=nfc(legal_basis))
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="inspection.plan_create", obj=plan, summary={"year": year})
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor: Any,
    plan: InspectionPlan,
    subject_name: str,
    topic: str,
    inspecting_unit: Unit,
    period_start: date,
    period_end: date,
    subject_unit: Unit | None = None,
    legal_basis: str = "",
    accept_overlap: bool = False,
) -> tuple[PlanItem, list[Overlap]]:
    """Add an inspection to a plan. Refused (with the overlaps) unless ``accept_overlap`` when the
    same subject is already inspected by another unit that year."""
    policy.require(actor, "inspection.plan", plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("An approved plan cannot be changed."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end cannot be before the start.")})
    if period_start.year != plan.year:
        raise ValidationError({"period_start": _("The inspection must start in the plan's year.")})
    found = overlaps(
        year=plan.year, subject_unit=subject_unit, subject_name=subject_name, inspecting_unit=inspecting_unit
    )
    if found and not accept_overlap:
        raise OverlapError(found)
    item = PlanItem(
        plan=plan,
        subject_unit=subject_unit,
        subject_name=nfc(subject_name),
        topic=nfc(topic),
        inspecting_unit=inspecting_unit,
        period_start=period_start,
        period_end=period_end,
        legal_basis=nfc(legal_basis),
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="inspection.plan_item_add",
        obj=plan,
        summary={"subject": item.subject_name, "overlaps": len(found)},
    )
    return item, found


class OverlapError(ValidationError):
    def __init__(self, found: list[Overlap]) -> None:
        self.overlaps = found
        super().__init__(
            _("%(subject)s is already inspected this year by: %(units)s. Confirm to add it anyway.")
            % {"subject": found[0].subject, "units": ", ".join(sorted({o.inspecting_unit.name for o in found}))},
            code="overlap",
        )


@transaction.atomic
def plan_approve(*, actor: Any, plan: InspectionPlan) -> InspectionPlan:
    policy.require(actor, "inspection.approve_plan", plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("This plan is already approved."))
    if not plan.items.exists():
        raise ValidationError(_("A plan without inspections cannot be approved."))
    plan.status, plan.approved_by, plan.approved_on = PlanStatus.APPROVED, actor, timezone.localdate()
    plan.full_clean()
    plan.save(update_fields=["status", "approved_by", "approved_on"])
    audit_record(actor=actor, action="inspection.plan_approve", obj=plan)
    return plan


# --- Inspections --------------------------------------------------------------------


def _require_team(actor: Any, inspection: Inspection) -> None:
    """Recording work is for the team (and the inspectorate's leaders)."""
    policy.require(actor, "inspection.inspect", inspection)
    if policy.can(actor, "inspection.approve_plan", inspection):
        return
    if not inspection.team.filter(user=actor).exists():
        raise PermissionDenied(_("Only members of the inspection team may record its work."))


@transaction.atomic
def inspection_create(
    *,
    actor: Any,
    unit: Unit,
    subject_name: str,
    topic: str,
    period_start: date,
    period_end: date,
    subject_unit: Unit | None = None,
    legal_basis: str = "",
    plan_item: PlanItem | None = None,
) -> Inspection:
    policy.require(actor, "inspection.plan", unit)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end cannot be before the start.")})
    if plan_item is not None and plan_item.plan.status != PlanStatus.APPROVED:
        raise ValidationError({"plan_item": _("The plan is not approved yet.")})
    insp = Inspection(
        unit=unit,
        subject_name=nfc(subject_name),
        topic=nfc(topic),
        period_start=period_start,
        period_end=period_end,
        subject_unit=subject_unit,
        legal_basis=nfc(legal_basis),
        plan_item=plan_item,
        created_by=actor,
    )
    insp.full_clean()
    insp.save()
    audit_record(actor=actor, action="inspection.inspection_create", obj=insp, summary={"subject": insp.subject_name})
    return insp


@transaction.atomic
def inspection_issue_decision(
    *, actor: Any, inspection: Inspection, decision_number: str, decision_date: date, team: list[tuple[Any, str]]
) -> Inspection:
    """Issue the inspection decision and form the team (at least its head)."""
    policy.require(actor, "inspection.approve_plan", inspection)
    if inspection.status != InspectionStatus.PREPARING:
        raise ValidationError(_("The decision on this inspection was already issued."))
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Give the decision number.")})
    if not any(role == TeamRole.HEAD for _u, role in team):
        raise ValidationError({"team": _("The team needs a head.")})
    for user, _role in team:
        policy.forget(user)
        if not policy.can(user, "inspection.inspect", inspection):
            raise ValidationError(
                {"team": _("%(name)s is not an inspector of this unit.") % {"name": user.display_name}}
            )
    inspection.decision_number, inspection.decision_date = nfc(decision_number), decision_date
    inspection.status = InspectionStatus.DECIDED
    inspection.full_clean()
    inspection.save(update_fields=["decision_number", "decision_date", "status"])
    for user, role in team:
        TeamMember.objects.update_or_create(inspection=inspection, user=user, defaults={"role": role})
    audit_record(
        actor=actor,
        action="inspection.decision_issue",
        obj=inspection,
        summary={"decision": inspection.decision_number, "team": [u.get_username() for u, _r in team]},
    )
    return inspection


def _require_in_progress(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.DECIDED:
        raise ValidationError(_("Work can be recorded only while the inspection is in progress."))


@transaction.atomic
def diary_add(*, actor: Any, inspection: Inspection, day: date, text: str) -> DiaryEntry:
    _require_team(actor, inspection)
    _require_in_progress(inspection)
    entry = DiaryEntry(inspection=inspection, day=day, text=nfc(text), author=actor)
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, action="inspection.diary_add", obj=inspection, summary={"day": day.isoformat()})
    return entry


@transaction.atomic
def finding_add(
    *, actor: Any, inspection: Inspection, title: str, description: str = "", amount: Any = None
) -> Finding:
    _require_team(actor, inspection)
    _require_in_progress(inspection)
    finding = Finding(
        inspection=inspection, title=nfc(title), description=nfc(description), amount=amount, created_by=actor
    )
    finding.full_clean()
    finding.save()
    audit_record(actor=actor, action="inspection.finding_add", obj=inspection, summary={"finding": finding.title})
    return finding


@transaction.atomic
def recommendation_add(
    *,
    actor: Any,
    inspection: Inspection,
    text: str,
    responsible_unit: Unit,
    deadline: date,
    measure: str,
    finding: Finding | None = None,
) -> Recommendation:
    _require_team(actor, inspection)
    if inspection.status not in (InspectionStatus.DECIDED, InspectionStatus.CONCLUDED):
        raise ValidationError(_("Recommendations are written during the inspection or in its conclusion."))
    if finding is not None and finding.inspection_id != inspection.pk:
        raise ValidationError({"finding": _("That finding belongs to another inspection.")})
    rec = Recommendation(
        inspection=inspection,
        text=nfc(text),
        responsible_unit=responsible_unit,
        deadline=deadline,
        measure=nfc(measure),
        finding=finding,
    )
    rec.full_clean()
    rec.save()
    audit_record(
        actor=actor,
        action="inspection.recommendation_add",
        obj=inspection,
        summary={"responsible": responsible_unit.code, "deadline": deadline.isoformat()},
    )
    return rec


@transaction.atomic
def inspection_conclude(
    *, actor: Any, inspection: Inspection, conclusion_number: str, conclusion: str, conclusion_date: date
) -> Inspection:
    policy.require(actor, "inspection.approve_plan", inspection)
    _require_in_progress(inspection)
    if not conclusion.strip() or not conclusion_number.strip():
        raise ValidationError(_("Give the conclusion's number and text."))
    inspection.conclusion_number, inspection.conclusion = nfc(conclusion_number), nfc(conclusion)
    inspection.conclusion_date, inspection.status = conclusion_date, InspectionStatus.CONCLUDED
    inspection.full_clean()
    inspection.save(update_fields=["conclusion_number", "conclusion", "conclusion_date", "status"])
    audit_record(
        actor=actor, action="inspection.conclude", obj=inspection, summary={"conclusion": inspection.conclusion_number}
    )
    return inspection


@transaction.atomic
def inspection_close(*, actor: Any, inspection: Inspection) -> Inspection:
    policy.require(actor, "inspection.approve_plan", inspection)
    if inspection.status != InspectionStatus.CONCLUDED:
        raise ValidationError(_("Only a concluded inspection can be closed."))
    if inspection.recommendations.not_implemented().exists():
        raise ValidationError(_("Some recommendations are not implemented yet."))
    inspection.status = InspectionStatus.CLOSED
    inspection.save(update_fields=["status"])
    audit_record(actor=actor, action="inspection.close", obj=inspection)
    return inspection


# --- Recommendation follow-up ----------------------------------------------------------


@transaction.atomic
def recommendation_report(
    *, actor: Any, recommendation: Recommendation, text: str, result: str
) -> RecommendationReport:
    """The responsible unit reports what it did."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    policy.require(actor, "inspection.follow_up", rec.responsible_unit)
    if rec.status not in (RecommendationStatus.OPEN, RecommendationStatus.RETURNED):
        raise ValidationError(_("A report is already awaiting review, or the recommendation is closed."))
    if rec.inspection.status not in (InspectionStatus.CONCLUDED, InspectionStatus.DECIDED):
        raise ValidationError(_("The inspection is not concluded yet."))
    report = RecommendationReport(recommendation=rec, text=nfc(text), result=nfc(result), submitted_by=actor)
    report.full_clean()
    report.save()
    rec.status = RecommendationStatus.REPORTED
    rec.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="inspection.recommendation_report",
        obj=rec,
        unit=rec.responsible_unit,
        summary={"report": report.pk},
    )
    return report


@transaction.atomic
def recommendation_review(*, actor: Any, report: RecommendationReport, accept: bool, note: str = "") -> Recommendation:
    """The inspectorate accepts the report (the recommendation is closed) or returns it."""
    report = (
        RecommendationReport.objects.select_for_update(of=("self",))
        .select_related("recommendation__inspection")
        .get(pk=report.pk)
    )
    rec = report.recommendation
    policy.require(actor, "inspection.inspect", rec.inspection)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("This report was already reviewed."))
    if not accept and not note.strip():
        raise ValidationError({"note": _("Say why the report is returned.")})
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_note, report.reviewed_by, report.reviewed_at = nfc(note), actor, timezone.now()
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    rec.status = RecommendationStatus.CLOSED if accept else RecommendationStatus.RETURNED
    rec.closed_on = timezone.localdate() if accept else None
    rec.save(update_fields=["status", "closed_on"])
    audit_record(actor=actor, action="inspection.recommendation_review", obj=rec, summary={"accepted": accept})
    return rec


__all__ = ["OPEN_STATUSES"]
