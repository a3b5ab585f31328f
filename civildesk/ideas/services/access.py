"""Who may see a meeting or take part in a round (beyond the unit policy of ``org``).

- A meeting is seen by its chair, its participants, and those who may
  organise meetings of its unit (``ideas.organise``, e.g. the unit's leaders).
- A meeting's rounds take ideas and votes from its chair and participants only.
- A campaign (a round without a meeting) is open to every active member of
  its unit and of the units below it (anyone holding a role there).
- A round is chaired (opened, closed, merged, decided) by its owner, who must
  hold ``ideas.chair`` in its unit.
"""

from __future__ import annotations

from typing import Any

from civildesk.org import policy

from ..models import Meeting, Round


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_participant(user: Any, meeting: Meeting) -> bool:
    if not _active(user):
        return False
    return meeting.chair_id == user.pk or meeting.participants.filter(pk=user.pk).exists()


def can_see_meeting(user: Any, meeting: Meeting) -> bool:
    return is_participant(user, meeting) or (_active(user) and policy.can(user, "ideas.organise", meeting))


def in_campaign_unit(user: Any, rnd: Round) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    path = rnd.unit.path
    return any(g.unit_path.startswith(path) for g in policy.grants(user))


def can_take_part(user: Any, rnd: Round) -> bool:
    """May ``user`` submit ideas and vote in ``rnd`` (its state aside)?"""
    if not _active(user):
        return False
    if rnd.owner_id == user.pk:
        return True
    if rnd.meeting_id is not None:
        return is_participant(user, rnd.meeting)
    return in_campaign_unit(user, rnd)


def can_see_round(user: Any, rnd: Round) -> bool:
    if can_take_part(user, rnd):
        return True
    return rnd.meeting_id is not None and can_see_meeting(user, rnd.meeting)


def can_chair(user: Any, rnd: Round) -> bool:
    return _active(user) and rnd.owner_id == user.pk and policy.can(user, "ideas.chair", rnd)
