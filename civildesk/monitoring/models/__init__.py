"""Models of the monitoring app, one module per family (Django loads them from here)."""

from .dti import DtiInput
from .reports import (
    EvidenceKind,
    PeriodStatus,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportQuerySet,
    ReportStatus,
    ReportVersion,
)
from .resolution import Aggregation, Direction, Frequency, Indicator, Pillar, Resolution, Source, Target

__all__ = [
    "Aggregation",
    "Direction",
    "DtiInput",
    "EvidenceKind",
    "Frequency",
    "Indicator",
    "PeriodStatus",
    "Pillar",
    "Report",
    "ReportEvent",
    "ReportQuerySet",
    "ReportStatus",
    "ReportVersion",
    "ReportingPeriod",
    "Resolution",
    "Source",
    "Target",
]
