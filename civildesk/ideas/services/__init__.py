"""Every write of the ideas app goes through these functions, one module per family.

- :mod:`.meetings`: meetings and their workflow (:data:`MEETINGS`);
- :mod:`.rounds`: rounds and their workflow (:data:`ROUNDS`), ranking, the vote matrix, opinion groups;
- :mod:`.ideas`: ideas, votes, similar ideas, merges;
- :mod:`.anonymity`: voter pseudonyms and the threat model;
- :mod:`.minutes`: decisions, action items (:data:`ACTIONS`);
- :mod:`.export`: the minutes as a Biên bản (PDF/DOCX) through ``drafting``;
- :mod:`.access`: who may see and take part.
"""

from .access import can_chair, can_see_meeting, can_see_round, can_take_part, is_participant
from .ideas import (
    duplicate_clusters,
    idea_merge,
    idea_submit,
    my_votes,
    similar_to_draft,
    vote_cast,
)
from .meetings import MEETINGS, meeting_create, meeting_update_summary
from .minutes import ACTIONS, action_item_add, can_see_action, decision_create
from .rounds import (
    ROUNDS,
    analyse,
    idea_counts,
    ranked_ideas,
    round_close,
    round_create,
    round_expire_if_due,
    round_open,
    round_totals,
    rounds_close_expired,
    vote_matrix,
)

__all__ = [
    "ACTIONS",
    "MEETINGS",
    "ROUNDS",
    "action_item_add",
    "analyse",
    "can_chair",
    "can_see_action",
    "can_see_meeting",
    "can_see_round",
    "can_take_part",
    "decision_create",
    "duplicate_clusters",
    "idea_counts",
    "idea_merge",
    "idea_submit",
    "is_participant",
    "meeting_create",
    "meeting_update_summary",
    "my_votes",
    "ranked_ideas",
    "round_close",
    "round_create",
    "round_expire_if_due",
    "round_open",
    "round_totals",
    "rounds_close_expired",
    "similar_to_draft",
    "vote_cast",
    "vote_matrix",
]
