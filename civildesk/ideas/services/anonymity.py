"""Anonymous ideas and secret votes: what is kept, what is not, and against whom.

Threat model
------------
Who might try to find the author of an anonymous idea, or how someone voted:
the chair and other participants (through the pages and exports), an
administrator (through the admin and the audit trail), and anyone who can
read the database, a backup or the application's logs — now or later.

What we keep
~~~~~~~~~~~~
- An anonymous :class:`~civildesk.ideas.models.Idea` has no author and no
  time (``author`` and ``created_at`` are empty; a time would let a web-server
  log of "who posted when" point at its author). Its position in the list
  (its id) is all that orders it.
- No audit entry, log line or notification is written when an idea is
  submitted anonymously or when anyone votes. The round's ``close`` audit
  entry records totals (ideas, anonymous ideas, votes, voters).
- A vote row holds the idea, the value and a *voter pseudonym*:
  ``HMAC-SHA256(round key, "round id:user id")``. One person has one pseudonym
  per round, so the unique constraint (idea, pseudonym) gives one vote per
  person per idea, and a vote can be changed while the round is open (the
  same person finds their row again by recomputing the pseudonym).
- The round key is 256 random bits, created when the round opens and stored
  only in the round's row. Closing the round wipes it. From then on nobody —
  including whoever holds the database or a later backup — can recompute a
  pseudonym from a user id, so votes cannot be tied to people; they still
  form the participant × idea matrix for opinion groups.
- An anonymous idea's author does not vote for it automatically: a vote
  written in the same request would tie the idea to the author's pseudonym.

What this does not protect against (said in docs/ideas.md)
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
- While a round is open its key is in the database: someone who reads the
  database *during* the round can recompute every participant's pseudonym and
  see how they voted (not who wrote an anonymous idea). A backup taken while
  the round is open carries the key; closing the round does not reach back
  into old backups.
- Someone who watches the traffic as it happens (a proxy logging request
  bodies with the session, or the server's memory) sees who posts what.
- The text itself: a participant who signs an anonymous idea with their
  style or their facts is recognised by readers. Nothing can help that.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

KEY_BYTES = 32


def new_round_key() -> str:
    return secrets.token_hex(KEY_BYTES)


def voter_pseudonym(key: str, round_id: int, user_id: int) -> str:
    """The voter's pseudonym in one round. Refuses without a key (a closed round)."""
    if not key:
        raise ValueError("the round has no key: it is closed")
    return hmac.new(bytes.fromhex(key), f"{round_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def pseudonym_of(user: Any, rnd: Any) -> str | None:
    """This user's pseudonym in this round, or None once the round's key is gone."""
    if not rnd.secret or not getattr(user, "is_authenticated", False):
        return None
    return voter_pseudonym(rnd.secret, rnd.pk, user.pk)
