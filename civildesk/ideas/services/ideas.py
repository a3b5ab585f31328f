"""Ideas and votes: submit, vote, find similar ideas, merge near-duplicates.

Nothing here writes an audit entry, a log line or a notification for an
anonymous idea or for a vote (see :mod:`.anonymity`); a named idea is
audited as any other write.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civildesk.org.services import audit_record, nfc

from .. import similar
from ..models import Idea, Round, RoundStatus, Vote, VoteValue
from . import access
from .anonymity import voter_pseudonym
from .rounds import snapshot

MAX_IDEA_CHARS = 2000


def _locked(rnd: Round) -> Round:
    """The round re-read under a row lock: a close cannot slip between the check and the write."""
    return Round.objects.select_for_update(of=("self",)).select_related("meeting", "unit").get(pk=rnd.pk)


def _refuse_unless_accepting(rnd: Round) -> None:
    if rnd.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed: it takes no more ideas or votes."), code="round_closed")
    if not rnd.accepting():
        raise ValidationError(_("The campaign has ended: it takes no more ideas or votes."), code="round_closed")


@transaction.atomic
def idea_submit(*, actor: Any, round: Round, text: str, anonymous: bool = False) -> Idea:
    """Add an idea to an open round; an anonymous one keeps no trace of its author."""
    rnd = _locked(round)
    if not access.can_take_part(actor, rnd):
        raise PermissionDenied(_("You do not take part in this round."))
    _refuse_unless_accepting(rnd)
    text = nfc(text)
    if not text:
        raise ValidationError({"text": _("Write the idea.")})
    if len(text) > MAX_IDEA_CHARS:
        raise ValidationError({"text": _("An idea is at most %(n)d characters.") % {"n": MAX_IDEA_CHARS}})
    if anonymous and not rnd.allow_anonymous:
        raise ValidationError({"anonymous": _("The chair does not allow anonymous ideas in this round.")})
    idea = Idea(
        round=rnd,
        text=text,
        author=None if anonymous else actor,
        anonymous=anonymous,
        created_at=None if anonymous else timezone.now(),
    )
    idea.full_clean()
    idea.save()
    if not anonymous:
        audit_record(actor=actor, action="ideas.idea_submit", obj=idea, summary={"round": rnd.pk})
    return idea


def _target(idea: Idea) -> Idea:
    seen = set()
    while idea.merged_into_id is not None and idea.pk not in seen:
        seen.add(idea.pk)
        idea = Idea.objects.get(pk=idea.merged_into_id)
    return idea


@transaction.atomic
def vote_cast(*, actor: Any, idea: Idea, value: int) -> Vote:
    """Agree (1), pass (0) or disagree (−1); a second vote on the same idea replaces the first.

    A vote on a merged idea goes to the idea it was merged into.
    """
    rnd = _locked(idea.round)
    if not access.can_take_part(actor, rnd):
        raise PermissionDenied(_("You do not take part in this round."))
    _refuse_unless_accepting(rnd)
    if value not in VoteValue.values:
        raise ValidationError({"value": _("Choose agree, disagree or pass.")})
    idea = _target(Idea.objects.get(pk=idea.pk))
    if idea.round_id != rnd.pk:
        raise ValidationError(_("This idea belongs to another round."))
    voter = voter_pseudonym(rnd.secret, rnd.pk, actor.pk)
    vote, _created = Vote.objects.update_or_create(idea=idea, voter=voter, defaults={"value": value, "round": rnd})
    return vote


def my_votes(user: Any, rnd: Round) -> dict[int, int]:
    """idea id -> this user's vote, while the round's key exists (empty afterwards: nobody can tell)."""
    from .anonymity import pseudonym_of

    voter = pseudonym_of(user, rnd)
    if voter is None:
        return {}
    return dict(Vote.objects.filter(round=rnd, voter=voter).values_list("idea_id", "value"))


@transaction.atomic
def idea_merge(*, actor: Any, source: Idea, target: Idea) -> Idea:
    """Merge ``source`` into ``target``: its votes move over, a person who voted on both counts once.

    The vote on ``target`` stands where a voter voted on both.
    """
    rnd = _locked(source.round)
    if not access.can_chair(actor, rnd):
        raise PermissionDenied(_("Only the chair of the round may do this."))
    source = Idea.objects.select_for_update().get(pk=source.pk)
    target = Idea.objects.select_for_update().get(pk=target.pk)
    if source.round_id != target.round_id:
        raise ValidationError(_("Only ideas of the same round can be merged."))
    if source.pk == target.pk or source.merged_into_id or target.merged_into_id:
        raise ValidationError(_("These ideas cannot be merged (one of them is already merged)."))
    both = set(Vote.objects.filter(idea=target).values_list("voter", flat=True))
    dropped = Vote.objects.filter(idea=source, voter__in=both).delete()[0]
    moved = Vote.objects.filter(idea=source).update(idea=target)
    Idea.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    if rnd.status == RoundStatus.CLOSED:
        snapshot(rnd)
        rnd.save(update_fields=["analysis"])
    audit_record(
        actor=actor,
        action="ideas.idea_merge",
        obj=target,
        summary={"merged": source.pk, "votes_moved": moved, "double_votes_dropped": dropped},
    )
    return target


# --- Similar ideas -----------------------------------------------------------------------


def scorer() -> similar.Scorer:
    return similar.Scorer(dense=bool(getattr(settings, "CIVILDESK_INDEX_DENSE", False)))


def live_ideas(rnd: Round) -> list[Idea]:
    return list(Idea.objects.filter(round=rnd, merged_into__isnull=True).order_by("pk"))


def similar_to_draft(*, round: Round, text: str, limit: int = 3) -> list[tuple[Idea, float]]:
    """Ideas of the round that say what ``text`` (being typed) says. The draft is not stored."""
    text = nfc(text)
    if len(text) < 8:
        return []
    ideas = live_ideas(round)
    hits = similar.similar(scorer(), text, [(i, i.text) for i in ideas], limit=limit)
    return hits


def duplicate_clusters(rnd: Round) -> list[list[Idea]]:
    """Groups of near-duplicate ideas for the chair to merge (each oldest first)."""
    ideas = live_ideas(rnd)
    return [sorted(group, key=lambda i: i.pk) for group in similar.clusters(scorer(), [(i, i.text) for i in ideas])]
