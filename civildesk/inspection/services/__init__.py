"""Every write of the inspection app goes through these functions, one module per family.

- :mod:`.intake`: intake and the filer's identity; :mod:`.cases`: the case workflow (:data:`CASES`);
- :mod:`.links`: duplicates, links and merges;
- :mod:`.plans`: yearly plans and the overlap warning;
- :mod:`.inspections`: inspections and their workflow (:data:`INSPECTIONS`);
- :mod:`.recommendations`: follow-up (:data:`RECOMMENDATIONS`);
- :mod:`.attachments`: files;
- :mod:`.rules`: statutory time limits from the rules held as data.

The names below are the app's service interface for views, the API, commands and other apps.
"""

from .. import deadlines
from .attachments import attachment_add, attachment_can_read
from .cases import (
    CASES,
    allowed_transitions,
    case_accept,
    case_assign,
    case_classify,
    case_close,
    case_conclude,
    case_extend,
    case_issue_decision,
    case_reject,
    case_resume,
    case_return,
    case_start_verification,
    case_suspend,
    case_transfer,
)
from .inspections import (
    INSPECTIONS,
    diary_add,
    finding_add,
    inspection_close,
    inspection_conclude,
    inspection_create,
    inspection_issue_decision,
    recommendation_add,
)
from .intake import (
    Registered,
    case_find_for_citizen,
    case_identity_view,
    case_register,
    case_viewed,
    identity_can_view,
)
from .links import case_duplicates, case_link
from .plans import Overlap, OverlapError, overlaps, plan_approve, plan_create, plan_item_add
from .recommendations import RECOMMENDATIONS, recommendation_report, recommendation_review
from .rules import can_extend, rule_for, rule_terms

__all__ = [
    "CASES",
    "INSPECTIONS",
    "RECOMMENDATIONS",
    "Overlap",
    "OverlapError",
    "Registered",
    "allowed_transitions",
    "attachment_add",
    "attachment_can_read",
    "can_extend",
    "case_accept",
    "case_assign",
    "case_classify",
    "case_close",
    "case_conclude",
    "case_duplicates",
    "case_extend",
    "case_find_for_citizen",
    "case_identity_view",
    "case_issue_decision",
    "case_link",
    "case_register",
    "case_reject",
    "case_resume",
    "case_return",
    "case_start_verification",
    "case_suspend",
    "case_transfer",
    "case_viewed",
    "deadlines",
    "diary_add",
    "finding_add",
    "identity_can_view",
    "inspection_close",
    "inspection_conclude",
    "inspection_create",
    "inspection_issue_decision",
    "overlaps",
    "plan_approve",
    "plan_create",
    "plan_item_add",
    "recommendation_add",
    "recommendation_report",
    "recommendation_review",
    "rule_for",
    "rule_terms",
]
