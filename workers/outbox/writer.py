"""The outbox: every text the service sends is queued here, and only here.

A text is a row of `outbound_message` in the same transaction as what it tells (a seat, an
introduction); after the commit, delivery (`workers.outbox.delivery`) hands it to Twilio exactly
once. `add_texts` is the one writer; `Kind` says what a text is for (the messages export
and the introductions' progress count by it).
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

from sqlalchemy import insert, orm

from models import OutboundMessage


class Kind(StrEnum):
    ROUND = "round"  # someone's table for a round
    SIT_OUT = "sit_out"  # no seat this round: seated first next time
    BROADCAST = "broadcast"  # the host's text to everyone present
    OFFER = "offer"  # an introduction offered (double opt-in): reply YES to accept
    MATCH = "match"  # an introduction: the other side's name and number
    NO_MATCH = "no_match"  # the thank-you for someone nobody was introduced to


# The texts of the introductions after the event.
INTRODUCTIONS = (Kind.MATCH, Kind.NO_MATCH, Kind.OFFER)


@dataclass(frozen=True)
class Text:
    kind: Kind
    to_number: str | None  # None: a walk-in with no phone, never texted
    body: str
    event_id: int | None
    attendee_id: int | None = None
    round_id: int | None = None


def add_texts(session: orm.Session, texts: Sequence[Text]) -> list[int]:
    """Queue texts in one statement; return their ids, in order. The caller commits, then
    hands the ids to delivery (`workers.outbox.delivery.enqueue`). A text to nobody (a
    walk-in the host added without a phone) is not queued: its id is simply missing."""
    texts = [text for text in texts if text.to_number]
    if not texts:
        return []
    outbox = OutboundMessage.__table__
    rows = [{**asdict(text), "kind": text.kind.value} for text in texts]
    return list(
        session.scalars(insert(outbox).returning(outbox.c.id, sort_by_parameter_order=True), rows)
    )
