"""Models of the ideas app, one module per family (Django loads them from here)."""

from .meetings import AgendaItem, Meeting, MeetingQuerySet, MeetingStatus
from .minutes import ActionItem, ActionItemQuerySet, ActionStatus, Decision
from .rounds import Idea, OpinionGroup, Round, RoundQuerySet, RoundStatus, Vote, VoteValue

__all__ = [
    "ActionItem",
    "ActionItemQuerySet",
    "ActionStatus",
    "AgendaItem",
    "Decision",
    "Idea",
    "Meeting",
    "MeetingQuerySet",
    "MeetingStatus",
    "OpinionGroup",
    "Round",
    "RoundQuerySet",
    "RoundStatus",
    "Vote",
    "VoteValue",
]
