"""The one workflow mechanism: a status field plus guarded transitions, declared once.

Every guarded process of CivilDesk (inspection cases, inspections,
recommendations, signature requests and their steps, and the modules built
after them) is a :class:`Workflow` over a model's ``FSMField``: a list of
:class:`Transition` declarations, each with its name, source states, target
state, who may do it (a policy action), its form, its translatable label and
the function that does the work. The state machine itself is django-fsm-2's
(the transitions are registered with ``django_fsm.transition`` on the model's
field, so ``get_available_status_transitions()``, ``pre_transition`` /
``post_transition`` signals and ``ConcurrentTransitionMixin`` all work);
this module adds what a government workflow needs around it, in one place
(in the spirit of Wagtail's ``actions/base.py``):

``apply()``
    locks the row, refuses a wrong state or a failed condition with a
    message in the user's language, checks the permission (the policy, plus
    an optional guard such as "only the assigned handler"), runs the
    function, saves with ``full_clean()``, writes the history entry and the
    audit entry, and sends notifications once the transaction commits.
``available()``
    "what may this user do to this object now": used by templates to show
    the buttons, by the API to list allowed actions, and by the tests.

Views never re-code a transition: :func:`civildesk.org.workflow_views.transition_view`
binds the transition's form and calls ``apply()``; the template loops over
``actions()``. A transition whose permission is :data:`SYSTEM` is taken only
by code (a background job finishing a signature), never offered to a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_fsm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import policy

SYSTEM = "system"  # permission of a transition only code may take


class _StateDescriptor(django_fsm.FSMFieldDescriptor):
    def __set__(self, instance: Any, value: Any) -> None:
        # Re-assigning the same value (Model.full_clean() does) is not a change.
        if (
            self.field.protected
            and self.field.name in instance.__dict__
            and value == instance.__dict__[self.field.name]
        ):
            return
        super().__set__(instance, value)


class StateField(django_fsm.FSMField):
    """The status of a workflow's model: only a declared transition changes it.

    A django-fsm-2 ``FSMField``, protected: ``obj.status = x`` raises once the
    object is loaded (creating an object with a status, ``full_clean()`` and
    ``refresh_from_db()`` still work).
    """

    descriptor_class = _StateDescriptor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("protected", True)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        if getattr(cls, "_state_field_refresh", None) is not None or cls._meta.abstract:
            return
        original = cls.refresh_from_db
        attname = self.attname

        def refresh_from_db(instance: Any, using: Any = None, fields: Any = None, **kw: Any) -> None:
            # Reading the row again is not a change of status: forget the loaded
            # value so that Django loads it afresh (as a deferred field) instead
            # of assigning over a protected one. Thread-safe, unlike toggling
            # the field's ``protected`` flag as django-fsm's mixin does.
            if fields is None or attname in fields or name in fields:
                instance.__dict__.pop(attname, None)
            original(instance, using=using, fields=fields, **kw)

        cls.refresh_from_db = refresh_from_db
        cls._state_field_refresh = attname


Check = Callable[[Any], bool]  # obj -> may it happen now?
Guard = Callable[[Any, Any], bool]  # (user, obj) -> may this person do it?


@dataclass(frozen=True)
class Transition:
    """One declared step: from ``source`` to ``target`` (None: the status does not change)."""

    name: str
    source: Sequence[str]
    target: Any  # a state, None (unchanged), or django_fsm.RETURN_VALUE(...) (the function returns it)
    permission: str
    label: Any
    effect: Callable[[Run], Any] | None = None
    form: type | str | None = None  # a Form class, or its dotted path (services need not import forms)
    # State-level condition (no user), checked after the state: refused with ``condition_message``.
    condition: Check | None = None
    condition_message: Any = None
    # Person-level check beyond the policy action.
    guard: Guard | None = None
    guard_message: Any = None
    # What the policy is asked about (default: the object itself).
    permission_object: Callable[[Any], Any] | None = None
    form_kwargs: Callable[[Any], dict[str, Any]] | None = None
    audit_action: str = ""  # default: the workflow's audit prefix + name
    wrong_state_message: Any = None  # default: the workflow's
    public: bool = False  # shown to the citizen on a tracking page
    style: str = ""  # "danger" for refusing or cancelling steps


@dataclass
class Notice:
    users: list[Any]
    message: str  # an untranslated message id, rendered in the reader's language
    params: dict[str, Any]
    url: str


@dataclass
class Run:
    """What a transition's function receives and fills in."""

    workflow: Workflow
    transition: Transition
    obj: Any
    actor: Any
    data: dict[str, Any]
    before: str
    note: str = ""  # the history entry's note
    summary: dict[str, Any] = field(default_factory=dict)  # the audit entry's summary
    result: Any = None  # what apply() returns (default: the object)
    notices: list[Notice] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)  # fields the function changed

    def set(self, **values: Any) -> None:
        """Assign fields of the object and remember them for the save."""
        for name, value in values.items():
            setattr(self.obj, name, value)
            self.update_fields.add(name)

    def notify(self, users: Iterable[Any], message: str, url: str = "", **params: Any) -> None:
        """Tell ``users`` once the transaction commits. ``message`` is marked with ``gettext_noop``."""
        people = [u for u in dict.fromkeys(users) if u is not None]
        if people:
            self.notices.append(Notice(people, message, params, url or _url(self.obj)))


def _url(obj: Any) -> str:
    try:
        return str(obj.get_absolute_url())
    except AttributeError:
        return ""


@dataclass
class Action:
    """A transition offered on a page: its button, its form and where it posts."""

    name: str
    label: str
    form: Any
    url: str
    style: str = ""


class Workflow:
    """A model's guarded transitions. Declare one per process, at import time of ``<app>/workflows.py``."""

    def __init__(
        self,
        *,
        name: str,
        model: type[models.Model],
        transitions: Iterable[Transition],
        state_field: str = "status",
        audit_prefix: str = "",
        lock: Callable[[Any], Any] | None = None,
        history: Callable[[Run], None] | None = None,
        url_name: str = "",
        wrong_state_message: Any = None,
        precondition: Callable[[Any], str | None] | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.state_field = state_field
        self.audit_prefix = audit_prefix or f"{model._meta.app_label}.{model._meta.model_name}_"
        self._lock = lock
        self.history = history
        self.url_name = url_name
        self.wrong_state_message = wrong_state_message
        # Checked before anything else; returns why no transition may happen (e.g. a merged case).
        self.precondition = precondition
        self.transitions: dict[str, Transition] = {}
        self._fsm: dict[str, Callable[..., Any]] = {}
        fsm_field = model._meta.get_field(state_field)
        if not isinstance(fsm_field, django_fsm.FSMFieldMixin):
            raise TypeError(f"{model.__name__}.{state_field} must be a django_fsm.FSMField")
        registered = fsm_field.transitions.setdefault(model, {})
        for t in transitions:
            if t.name in self.transitions:
                raise ValueError(f"transition {t.name!r} declared twice in {name}")
            if t.permission != SYSTEM:
                policy._roles_for(t.permission)  # an unknown action is a declaration bug
            self.transitions[t.name] = t
            method = self._fsm_method(t, fsm_field)
            self._fsm[t.name] = method
            registered[t.name] = method
        REGISTRY[name] = self

    # --- Declaration helpers --------------------------------------------------------

    def _fsm_method(self, t: Transition, fsm_field: Any) -> Callable[..., Any]:
        def run(instance: Any, run: Run) -> Any:
            return t.effect(run) if t.effect else None

        run.__name__, run.__qualname__ = t.name, f"{self.name}.{t.name}"
        method: Callable[..., Any] = django_fsm.transition(
            field=fsm_field,
            source=list(t.source),
            target=t.target,
            conditions=[c for c in (self._pre_ok, t.condition) if c],
            permission=lambda obj, user: self.permitted(user, obj, t),
            custom={"label": t.label, "workflow": self.name, "name": t.name},
        )(run)
        return method

    def _pre_ok(self, obj: Any) -> bool:
        return self.precondition is None or not self.precondition(obj)

    def __iter__(self) -> Any:
        return iter(self.transitions.values())

    def get(self, name: str) -> Transition | None:
        return self.transitions.get(name)

    def state(self, obj: Any) -> str:
        return str(getattr(obj, self.state_field))

    def label(self, name: str) -> str:
        t = self.transitions.get(name)
        return str(t.label) if t else name

    # --- Questions ------------------------------------------------------------------

    def permitted(self, user: Any, obj: Any, t: Transition) -> bool:
        """The policy action and the guard, for this user and object (state not considered)."""
        if t.permission == SYSTEM:
            return False
        target = t.permission_object(obj) if t.permission_object else obj
        if not policy.can(user, t.permission, target):
            return False
        return t.guard is None or bool(t.guard(user, obj))

    def possible(self, obj: Any, t: Transition) -> bool:
        """The state and the condition (no user considered)."""
        return self._pre_ok(obj) and self.state(obj) in t.source and (t.condition is None or bool(t.condition(obj)))

    def available(self, user: Any, obj: Any) -> list[Transition]:
        """What ``user`` may do to ``obj`` now, in declaration order."""
        return [t for t in self.transitions.values() if self.possible(obj, t) and self.permitted(user, obj, t)]

    def check(self, user: Any, obj: Any, name: str) -> Transition:
        """Refuse with a clear message, in this order: precondition, state, condition, permission, guard."""
        t = self.transitions.get(name)
        if t is None:
            raise ValidationError(_("Unknown action."), code="unknown_transition")
        if self.precondition is not None and (refusal := self.precondition(obj)):
            raise ValidationError(str(refusal), code="precondition")
        if self.state(obj) not in t.source:
            status = _display(obj, self.state_field)
            message = (
                t.wrong_state_message
                or self.wrong_state_message
                or _("This cannot be done while the status is “%(status)s”.")
            )
            raise ValidationError(str(message) % {"status": status}, code="wrong_state")
        if t.condition is not None and not t.condition(obj):
            raise ValidationError(str(t.condition_message or _("This cannot be done now.")), code="condition")
        if t.permission == SYSTEM:
            if user is not None:
                raise PermissionDenied(_("Only the system takes this step."))
            return t
        target = t.permission_object(obj) if t.permission_object else obj
        policy.require(user, t.permission, target)
        if t.guard is not None and not t.guard(user, obj):
            raise PermissionDenied(str(t.guard_message or _("You may not do this.")))
        return t

    # --- Doing ----------------------------------------------------------------------

    def lock(self, obj: Any) -> Any:
        """Re-read the row inside the transaction so two clicks cannot both pass the check."""
        if self._lock is not None:
            return self._lock(obj)
        return type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)

    def apply(self, obj: Any, name: str, *, actor: Any, **data: Any) -> Any:
        """Run transition ``name`` on ``obj`` for ``actor`` with the (validated) ``data``."""
        with transaction.atomic():
            obj = self.lock(obj)
            t = self.check(actor, obj, name)
            before = self.state(obj)
            run = Run(workflow=self, transition=t, obj=obj, actor=actor, data=data, before=before)
            self._fsm[name](obj, run)  # django-fsm-2 re-checks the state, runs the function, sets the target
            after = self.state(obj)
            if after != before:
                run.update_fields.add(self.state_field)
            if run.update_fields:
                obj.full_clean()
                obj.save(update_fields=sorted(run.update_fields))
            if self.history is not None:
                self.history(run)
            from .services import audit_record

            audit_record(
                actor=actor,
                action=t.audit_action or f"{self.audit_prefix}{name}",
                obj=obj,
                summary={"from": before, "to": after, **run.summary},
            )
            if run.notices:
                notices = list(run.notices)
                transaction.on_commit(lambda: _send(notices))
        return run.result if run.result is not None else obj

    # --- Pages and the API ------------------------------------------------------------

    def form(self, t: Transition, obj: Any, data: Any = None, files: Any = None) -> Any:
        if t.form is None:
            return None
        from django.utils.module_loading import import_string

        cls = import_string(t.form) if isinstance(t.form, str) else t.form
        kwargs = t.form_kwargs(obj) if t.form_kwargs else {}
        return cls(data, files, auto_id=f"id_{t.name}_%s", **kwargs)

    def url(self, obj: Any, name: str) -> str:
        from django.urls import reverse

        return reverse(self.url_name, args=[obj.pk, name]) if self.url_name else ""

    def actions(self, user: Any, obj: Any, bound: dict[str, Any] | None = None) -> list[Action]:
        """The buttons of a page; a refused form stays shown with its errors."""
        bound = bound or {}
        names = [t.name for t in self.available(user, obj)]
        names += [n for n in bound if n in self.transitions and n not in names]
        out = []
        for n in names:
            t = self.transitions[n]
            out.append(
                Action(
                    name=n,
                    label=str(t.label),
                    form=bound.get(n) or self.form(t, obj),
                    url=self.url(obj, n),
                    style=t.style,
                )
            )
        return out

    def apply_data(self, obj: Any, name: str, *, actor: Any, data: Any, files: Any = None) -> Any:
        """Bind the transition's form to ``data`` (a POST or a JSON body), validate, apply.

        Raises ValidationError (with the form's errors by field) or PermissionDenied.
        """
        t = self.transitions.get(name)
        if t is None or t.permission == SYSTEM:
            raise ValidationError(_("Unknown action."), code="unknown_transition")
        form = self.form(t, obj, data, files)
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors.as_data())
        return self.apply(obj, name, actor=actor, **(form.cleaned_data if form is not None else {}))

    def table(self) -> list[tuple[str, tuple[str, ...], Any, str]]:
        """(name, sources, target, permission) rows: for the docs and the tests."""
        return [(t.name, tuple(t.source), _target(t.target), t.permission) for t in self.transitions.values()]


REGISTRY: dict[str, Workflow] = {}


def _target(target: Any) -> Any:
    states = getattr(target, "allowed_states", None)
    return tuple(states) if states is not None else target


def _display(obj: Any, state_field: str) -> str:
    getter = getattr(obj, f"get_{state_field}_display", None)
    return str(getter()) if getter else str(getattr(obj, state_field))


def _send(notices: list[Notice]) -> None:
    from .services import notify

    for n in notices:
        notify(users=n.users, message=n.message, params=n.params, url=n.url)


def field_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
