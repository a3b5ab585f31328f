"""Names of the computed statuses, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import scoring


def status_labels() -> dict[str, str]:
    return {
        scoring.ACHIEVED: _("Achieved"),
        scoring.ON_TRACK: _("On track"),
        scoring.AT_RISK: _("At risk"),
        scoring.NOT_ACHIEVED: _("Not achieved"),
        scoring.NOT_IMPLEMENTED: _("Not implemented"),
        scoring.NO_DATA: _("No data"),
    }


def group_labels() -> dict[str, str]:
    return {
        "departments": _("Departments and provincial bodies"),
        "communes": _("Communes and wards"),
        "districts": _("Districts (history, before the two-level government of 1 July 2025)"),
    }


def rule_labels() -> dict[str, str]:
    return {
        "full_half_zero": _("full, half or zero"),
        "ratio": _("ratio to a reference"),
        "thresholds": _("thresholds"),
        "yes_no": _("yes or no"),
        "entered": _("score entered"),
    }
