"""The history of a workflow's object: one abstract model, one row per transition.

Every module whose process is declared on :mod:`civildesk.org.workflow`
keeps a visible history beside the hash-chained audit trail (the audit trail
is for the auditor; the history is what the people handling the object read
on its page). The fields and their meaning are the same everywhere, so they
are declared once here; a module's concrete model adds only the foreign key
to its object (named by ``subject``) and any column of its own::

    class DossierEvent(TransitionEvent):
        workflow_name = "procedures.dossier"
        subject = "dossier"
        dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")

        class Meta(TransitionEvent.Meta):
            verbose_name = _("dossier event")

and the workflow writes it with ``history=DossierEvent.record`` (or a
function that calls ``record`` and does more). ``label``, ``from_status_label``
and ``to_status_label`` read the transition's label and the status names
from the workflow's declaration, in the reader's language; events that are
not transitions (a case received, two cases merged) name their labels in
``other_labels``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .workflow import Run, Workflow


class TransitionEvent(models.Model):
    workflow_name: ClassVar[str]  # the REGISTRY key of the workflow whose transitions these are
    subject: ClassVar[str]  # the name of the foreign key to the object
    other_labels: ClassVar[Mapping[str, Any]] = {}  # actions that are not transitions

    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=32, blank=True)
    to_status = models.CharField(_("to"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, f'{self.subject}_id')} {self.action}"

    @classmethod
    def workflow(cls) -> Workflow | None:
        from .workflow import REGISTRY

        return REGISTRY.get(cls.workflow_name)

    @property
    def object(self) -> Any:
        return getattr(self, self.subject)

    @property
    def unit(self) -> Any:
        return self.object.unit

    @property
    def label(self) -> str:
        """What happened, in the reader's language (the workflow's label of the transition)."""
        if self.action in self.other_labels:
            return str(self.other_labels[self.action])
        workflow = self.workflow()
        return workflow.label(self.action) if workflow else self.action

    def _status_label(self, value: str) -> str:
        workflow = self.workflow()
        if workflow is None or not value:
            return ""
        choices = dict(workflow.model._meta.get_field(workflow.state_field).flatchoices)
        return str(choices.get(value, ""))

    @property
    def from_status_label(self) -> str:
        return self._status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return self._status_label(self.to_status)

    @classmethod
    def record(cls, run: Run, **extra: Any) -> TransitionEvent:
        """The row of one transition (pass as a workflow's ``history``); ``extra``: the model's own columns."""
        actor = run.actor if getattr(run.actor, "is_authenticated", False) else None
        return cls.objects.create(  # type: ignore[attr-defined]
            **{cls.subject: run.obj},
            actor=actor,
            action=run.transition.name,
            from_status=run.before,
            to_status=run.workflow.state(run.obj),
            note=run.note,
            **extra,
        )
