"""Indicators the platform measures from its own records: a registry apps contribute to.

An app that holds the data registers a measurement from its ``AppConfig.ready()``
(like ``org.home`` panels)::

    from civildesk.monitoring.measured import Measurement, register

    register("procedures.online_rate", label=gettext_lazy("Dossiers submitted online"),
             compute=online_rate)  # (unit_paths, start, end, with_records) -> Measurement

``unit_paths`` is None for the whole province, else the materialised paths of
the units measured (each with its sub-units). A measured indicator's value is
always computed, links to the records behind it and cannot be typed over.
The measurements whose data exist today (signing and drafting, assistant,
inspection) live in ``monitoring/measures/`` and are registered here when
their app is installed; the future ``procedures`` app registers its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Record:
    """One record behind a figure: what it is, where to open it, and whether it counts as "yes"."""

    label: str
    url: str = ""
    counted: bool = True


@dataclass
class Measurement:
    numerator: int
    denominator: int
    records: list[Record] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        """Percent, or None when there is nothing to measure."""
        return round(100.0 * self.numerator / self.denominator, 2) if self.denominator else None


Compute = Callable[[Sequence[str] | None, date, date, bool], Measurement]


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    compute: Compute
    unit_of_measure: str = "%"

    def measure(
        self, unit_paths: Sequence[str] | None, start: date, end: date, *, with_records: bool = False
    ) -> Measurement:
        return self.compute(unit_paths, start, end, with_records)


REGISTRY: dict[str, Measure] = {}


def register(key: str, *, label: Any, compute: Compute, unit_of_measure: str = "%") -> None:
    existing = REGISTRY.get(key)
    if existing is not None and existing.compute is not compute:
        raise ValueError(f"measurement {key!r} is already registered")
    REGISTRY[key] = Measure(key=key, label=label, compute=compute, unit_of_measure=unit_of_measure)


def choices() -> list[tuple[str, str]]:
    return [(m.key, str(m.label)) for m in REGISTRY.values()]


def register_builtin() -> None:
    """The measurements whose data CivilDesk holds today, for the apps that are installed."""
    from django.apps import apps
    from django.utils.translation import gettext_lazy as _

    from .measures import assistant, inspection, signing

    if apps.is_installed("civildesk.drafting") and apps.is_installed("civildesk.signing"):
        register(
            "signing.signed_share",
            label=_("Share of documents issued with a digital signature"),
            compute=signing.signed_share,
        )
    if apps.is_installed("civildesk.assistant"):
        register(
            "assistant.unit_usage",
            label=_("Share of agencies using the virtual assistant"),
            compute=assistant.unit_usage,
        )
        register(
            "assistant.answered_rate",
            label=_("Share of questions the assistant answered"),
            compute=assistant.answered_rate,
        )
    if apps.is_installed("civildesk.inspection"):
        register(
            "inspection.complaints_on_time",
            label=_("Share of complaints settled on time"),
            compute=inspection.complaints_on_time,
        )
