"""Models of the procedures app, one module per family (Django loads them from here)."""

from .catalogue import FormText, Level, OneStopShop, Procedure, ProcedureQuerySet, ProcedureVersion, ScoreRule
from .dossiers import (
    NATIONAL_CODE,
    OPEN,
    RUNNING,
    TERMINAL,
    Attachment,
    AttachmentKind,
    Channel,
    DailyCounter,
    Digitisation,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierQuerySet,
    Status,
)

__all__ = [
    "NATIONAL_CODE",
    "OPEN",
    "RUNNING",
    "TERMINAL",
    "Attachment",
    "AttachmentKind",
    "Channel",
    "DailyCounter",
    "Digitisation",
    "Dossier",
    "DossierComponent",
    "DossierEvent",
    "DossierQuerySet",
    "FormText",
    "Level",
    "OneStopShop",
    "Procedure",
    "ProcedureQuerySet",
    "ProcedureVersion",
    "ScoreRule",
    "Status",
]
