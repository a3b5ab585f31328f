"""The incoming document's workflow (:data:`INCOMING`), Decree 30/2020/NĐ-CP Articles 21-24:

    received ──register──▶ registered ──assign──▶ assigned ──report──▶ in_progress ──complete──▶ completed
                                          └──assign (only "for information")──▶ filed

The clerk (văn thư) registers it with the next incoming number of the year; the leader assigns it
to a person or a unit (lead, support, for information) with a deadline and an instruction; the
lead handler reports progress and completes it (with a reply drafted from it, if one is needed).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_fsm import RETURN_VALUE

from civildesk.org import policy
from civildesk.org.services import nfc
from civildesk.org.workflow import Run, Transition, Workflow
from civildesk.text.normalize import fold

from .models import Assignment, Incoming, IncomingCounter, Progress, Role
from .models import IncomingStatus as S


def next_number(unit: Any, year: int) -> int:
    """The next incoming number of ``unit`` for ``year``, under the counter's row lock."""
    counters = IncomingCounter.objects.select_for_update()
    counter = counters.filter(unit=unit, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                IncomingCounter.objects.create(unit=unit, year=year)
        except IntegrityError:
            pass  # another transaction created it first
        counter = counters.get(unit=unit, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def search_text(incoming: Incoming) -> str:
    parts = (incoming.subject, incoming.sender, incoming.symbol, incoming.doc_type, incoming.text[:2000])
    return fold(" ".join(p for p in parts if p))


def is_handler(user: Any, incoming: Incoming, roles: tuple[str, ...] = (Role.LEAD, Role.SUPPORT)) -> bool:
    """Assigned to this person, or to a unit where the person holds a role."""
    units = [g.unit_id for g in policy.grants(user)]
    return any(
        a.role in roles and (a.assignee_id == getattr(user, "pk", None) or (a.unit_id and a.unit_id in units))
        for a in incoming.assignments.all()
    )


def handlers(incoming: Incoming) -> list[Any]:
    from django.contrib.auth import get_user_model

    people = [a.assignee for a in incoming.assignments.all() if a.assignee_id and a.role != Role.INFO]
    units = [a.unit_id for a in incoming.assignments.all() if a.unit_id and a.role != Role.INFO]
    if units:
        people += list(get_user_model().objects.filter(role_assignments__unit__in=units, is_active=True).distinct())
    return people


# --- Effects --------------------------------------------------------------------------------


def _register(run: Run) -> None:
    incoming, data = run.obj, run.data
    for name in ("sender", "symbol", "subject", "doc_type"):
        if name in data:
            run.set(**{name: nfc(data[name] or "")})
    for name in ("doc_date", "urgency", "confidentiality"):
        if name in data and data[name] is not None:
            run.set(**{name: data[name]})
    if not incoming.subject.strip():
        raise ValidationError({"subject": _("Say what the document is about.")})
    year = timezone.localdate().year
    run.set(year=year, number=next_number(incoming.unit, year), updated_at=timezone.now())
    run.set(registered_by=run.actor, search=search_text(incoming))
    run.summary = {"number": incoming.number_display, "symbol": incoming.symbol}
    from django.contrib.auth import get_user_model

    leaders = get_user_model().objects.filter(
        role_assignments__unit=incoming.unit, role_assignments__role="leader", is_active=True
    )
    run.notify(
        list(leaders),
        gettext_noop("Incoming document %(number)s “%(subject)s” waits for your assignment."),
        number=incoming.number_display,
        subject=incoming.subject[:200],
    )


def _assign(run: Run) -> str:
    incoming, data = run.obj, run.data
    person, unit = data.get("assignee"), data.get("unit")
    if (person is None) == (unit is None):
        raise ValidationError(_("Assign it to one person or to one unit."))
    role = data.get("role") or Role.LEAD
    deadline = data.get("deadline")
    if role != Role.INFO and deadline is None:
        raise ValidationError({"deadline": _("Give a deadline for handling.")})
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    assignment = Assignment(
        incoming=incoming,
        assignee=person,
        unit=unit,
        role=role,
        deadline=deadline if role != Role.INFO else None,
        note=nfc(data.get("note") or ""),
        assigned_by=run.actor,
    )
    assignment.full_clean(exclude=["incoming"])
    assignment.save()
    deadlines = [a.deadline for a in incoming.assignments.all() if a.deadline and a.role == Role.LEAD]
    if deadlines:
        run.set(deadline=min(deadlines))
    run.set(updated_at=timezone.now())
    run.summary = {
        "to": getattr(person, "username", None) or getattr(unit, "code", ""),
        "role": role,
        "deadline": deadline.isoformat() if deadline else None,
    }
    people = [person] if person is not None else handlers(incoming)
    run.notify(
        people,
        gettext_noop("Incoming document “%(subject)s” was assigned to you (%(role)s)."),
        subject=incoming.subject[:200],
        role=str(role),
    )
    if not any(a.role != Role.INFO for a in incoming.assignments.all()):
        return S.FILED
    return S.IN_PROGRESS if run.before == S.IN_PROGRESS else S.ASSIGNED


def _report(run: Run) -> None:
    text = nfc(run.data.get("text") or "")
    if not text:
        raise ValidationError({"text": _("Write what was done.")})
    Progress.objects.create(incoming=run.obj, author=run.actor, text=text)
    run.set(updated_at=timezone.now())
    run.summary = {"report": text[:200]}


def _complete(run: Run) -> None:
    incoming = run.obj
    text = nfc(run.data.get("text") or "")
    if not text and incoming.reply_id is None:
        raise ValidationError({"text": _("Write the result, or draft a reply first.")})
    if text:
        Progress.objects.create(incoming=incoming, author=run.actor, text=text)
    run.set(result=text, updated_at=timezone.now())
    run.summary = {"result": text[:200], "reply": incoming.reply_id}
    leaders = [a.assigned_by for a in incoming.assignments.all() if a.assigned_by_id]
    run.notify(leaders, gettext_noop("Incoming document “%(subject)s” was completed."), subject=incoming.subject[:200])


def _handle_guard(user: Any, incoming: Incoming) -> bool:
    return is_handler(user, incoming)


def _complete_guard(user: Any, incoming: Incoming) -> bool:
    return is_handler(user, incoming, (Role.LEAD,))


def _anywhere(incoming: Incoming) -> None:
    return None  # the guard decides: the handler may be in another unit than the register's


INCOMING = Workflow(
    name="correspondence.incoming",
    model=Incoming,
    audit_prefix="correspondence.incoming_",
    url_name="correspondence:action",
    wrong_state_message=gettext_lazy("This incoming document is “%(status)s”."),
    transitions=[
        Transition(
            name="register",
            source=(S.RECEIVED,),
            target=S.REGISTERED,
            permission="correspondence.register",
            label=gettext_lazy("Register with the next incoming number"),
            effect=_register,
            form="civildesk.correspondence.forms.RegisterForm",
            form_kwargs=lambda inc: {"instance": inc},
        ),
        Transition(
            name="assign",
            source=(S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.FILED),
            target=RETURN_VALUE(S.ASSIGNED, S.IN_PROGRESS, S.FILED),
            permission="correspondence.assign",
            label=gettext_lazy("Assign for handling"),
            effect=_assign,
            form="civildesk.correspondence.forms.AssignForm",
            form_kwargs=lambda inc: {"incoming": inc},
        ),
        Transition(
            name="report",
            source=(S.ASSIGNED, S.IN_PROGRESS),
            target=S.IN_PROGRESS,
            permission="correspondence.handle",
            permission_object=_anywhere,
            guard=_handle_guard,
            guard_message=gettext_lazy("Only a person it is assigned to may report on it."),
            label=gettext_lazy("Report progress"),
            effect=_report,
            form="civildesk.correspondence.forms.ReportForm",
        ),
        Transition(
            name="complete",
            source=(S.ASSIGNED, S.IN_PROGRESS),
            target=S.COMPLETED,
            permission="correspondence.handle",
            permission_object=_anywhere,
            guard=_complete_guard,
            guard_message=gettext_lazy("Only the lead handler may complete it."),
            label=gettext_lazy("Complete"),
            effect=_complete,
            form="civildesk.correspondence.forms.ReportForm",
        ),
    ],
)
