"""Statutory time limits of a case, from its ``DeadlineRule`` row (held as data)."""

from __future__ import annotations

from ..deadlines import Terms, intake_deadline, max_extensions, settlement_deadline
from ..models import Case, CaseType, Complexity, DayCount, DeadlineRule, Instance


def rule_terms(rule: DeadlineRule) -> Terms:
    return Terms(
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


def recompute(case: Case) -> None:
    """Set the intake and settlement deadlines from the rule, the dates, extensions and suspensions."""
    rule = case.rule
    if rule is None:
        case.intake_deadline = case.deadline = None
        return
    case.intake_deadline = intake_deadline(
        case.received_on, rule.intake_days, working=rule.intake_day_count == DayCount.WORKING
    )
    if case.accepted_on:
        case.deadline = settlement_deadline(
            rule_terms(rule),
            case.accepted_on,
            complexity=case.complexity,
            remote=case.remote_area,
            extensions=case.extensions,
            suspended_days=case.suspended_days,
        )


def can_extend(case: Case) -> bool:
    """Whether the law allows (another) extension of this case as it is classified now."""
    rule = case.rule
    if rule is None:
        return False
    terms = rule_terms(rule)
    if terms.extension_days:
        return case.complexity != Complexity.NORMAL and case.extensions < max_extensions(
            terms, complexity=case.complexity
        )
    # Complaints: no extension as such, but a complex case has the longer limit.
    return case.complexity == Complexity.NORMAL


def extendable(case: Case) -> bool:
    """Whether any extension is still possible, if the case is (re)declared complex when extending."""
    rule = case.rule
    if rule is None:
        return False
    terms = rule_terms(rule)
    if not terms.extension_days:
        return case.complexity == Complexity.NORMAL
    # The case may be (re)declared complex or very complex when it is extended.
    return case.extensions < max(terms.max_extensions_complex, terms.max_extensions_very_complex)
