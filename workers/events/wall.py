"""The wall view: a page for the room's projector, reached by an unguessable token the host
can revoke, showing how to sign up and, during a round, who sits at which table."""

import dataclasses
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

import phonenumbers
from sqlalchemy import orm, select

from models import Attendee, Event, Round, Seat, as_utc
from workers.rounds import clock, seating
from workers.texts.display_names import display_name

# 32 bytes of randomness (43 URL-safe characters): as hard to guess as a session key.
TOKEN_BYTES = 32


@dataclass(frozen=True)
class WallTable:
    label: str  # as texted: "Window", "7"
    names: list[str]  # first names, as tablemates read them


@dataclass(frozen=True)
class Wall:
    """What the wall shows now: the sign-up screen, or a running round's tables."""

    name: str
    code: str
    number: str | None  # the number people text; None: none known (rehearsal, a service SID)
    round: int | None = None  # the running round's number; None: before or between rounds
    rounds: int = 0
    tables: list[WallTable] = field(default_factory=list)
    minutes_left: int | None = None  # None: the host set no round length
    finished: int | None = None  # the round whose clock ran out, until the next one starts

    @property
    def number_shown(self) -> str | None:
        return readable_number(self.number) if self.number else None

    @property
    def grid(self) -> "Grid":
        return grid(len(self.tables), max((len(t.names) for t in self.tables), default=0))


@dataclass(frozen=True)
class Grid:
    """How the tables fill a 16:9 screen: columns, rows, and the most names at one table."""

    columns: int
    rows: int
    seats: int


def new_token(event: Event) -> str:
    """Give the event a new wall token (the old one, if any, stops working); return it."""
    event.wall_token = secrets.token_urlsafe(TOKEN_BYTES)
    return event.wall_token


def revoke(event: Event) -> None:
    """Stop the event's wall URL working."""
    event.wall_token = None


def event_by_token(session: orm.Session, token: str) -> Event | None:
    """The event whose wall this token opens; None for an unknown or revoked token, and for
    an archived or erased event (its wall is over)."""
    if not token:
        return None
    event = session.scalar(select(Event).where(Event.wall_token == token))
    if event is None or event.archived_at is not None or event.purged_at is not None:
        return None
    return event


def sms_uri(number: str, code: str) -> str:
    """The link a phone's camera opens from the QR code: its messages app, to `number`, with
    `code` typed in.

    RFC 5724's form, `sms:+15551234567?body=FOLK`. Android's messages apps (Google's,
    Samsung's) read `?body=`; iOS's camera and Messages have read it since iOS 11 (only
    iOS 8-10 wanted `&body=`, which Android reads as part of the number). The number stays
    in E.164 (no spaces), which both dial as it is.
    """
    return f"sms:{number}?body={quote(code, safe='')}"


MAX_COLUMNS = 8
MAX_SEATS_SIZED = 12  # beyond this many names, the type is sized as for this many
# The tables' part of a 1920 x 1080 screen (below the round and above the TABLE line), and
# a table's box in lines of names: its label (a small TABLE over the label, 1.9 lines) and its
# border, and the width of a long first name (9 letters, 0.6 of a line's height each).
AREA_WIDTH, AREA_HEIGHT = 1920, 780
EXTRA_LINES, NAME_WIDTH = 2.8, 9 * 0.6


def grid(tables: int, seats: int) -> Grid:
    """The grid that gives `tables` tables of up to `seats` names the biggest type on a
    wide screen (8 tables of 5: 4 columns of 2 rows)."""
    seats = min(max(seats, 1), MAX_SEATS_SIZED)
    if tables <= 0:
        return Grid(1, 1, seats)

    def line_height(columns: int) -> float:
        rows = math.ceil(tables / columns)
        return min(AREA_HEIGHT / rows / (seats + EXTRA_LINES), AREA_WIDTH / columns / NAME_WIDTH)

    columns = max(range(1, min(tables, MAX_COLUMNS) + 1), key=line_height)
    return Grid(columns, math.ceil(tables / columns), seats)


def readable_number(e164: str) -> str:
    """A number as people copy it off a screen: "+1 555-010-0199"."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def wall(session: orm.Session, event: Event, number: str | None, now: datetime) -> Wall:
    """What the event's wall shows at `now`."""
    base = Wall(name=event.name, code=event.code, number=number, rounds=event.rounds)
    rnd = seating.running_round(session, event.id)
    if rnd is None:
        return base
    left = clock.minutes_left(as_utc(rnd.created_at), event.round_minutes, now)
    if left == 0:
        return dataclasses.replace(base, finished=rnd.number)
    return dataclasses.replace(
        base, round=rnd.number, minutes_left=left, tables=_tables(session, rnd)
    )


def _tables(session: orm.Session, rnd: Round) -> list[WallTable]:
    """The round's tables as they are now: who arrived late is there, who left or opted out
    is not, nor are empty tables."""
    rows = session.execute(
        select(Seat.table, Attendee.name)
        .join(Attendee, Attendee.id == Seat.attendee_id)
        .where(
            Seat.round_id == rnd.id,
            Seat.table.is_not(None),
            Attendee.status != "left",
            ~Attendee.opted_out,
        )
        .order_by(Seat.table)
    ).all()
    tables: dict[int, list[str]] = {}
    for table, name in rows:
        tables.setdefault(table, []).append(display_name(name or ""))
    return [
        WallTable(seating.table_label(rnd, table), sorted(names, key=str.casefold))
        for table, names in tables.items()
    ]
