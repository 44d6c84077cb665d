"""What the interpreter knows when a text arrives, and what it decides: plain data only.

The webhook loads a Context in its one read (service/sms/store.py), the interpreter turns
it and the text into a Decision (service/sms/interpreter.py), and the webhook applies it.
"""

from dataclasses import dataclass, field
from datetime import datetime

BEFORE, ROUND, LAST_ROUND, OVER = "before", "round", "last_round", "over"


@dataclass(frozen=True)
class EventQuestion:
    key: str
    text: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """One sign-up's answers and where its conversation stands (the attendee row)."""

    step: str = "name"  # the question the next text answers
    resume_step: str | None = None
    # As typed; texts to others use workers.texts.display_names.display_name.
    name: str | None = None
    intro: str | None = None  # None: not asked yet; "": skipped
    learn: str | None = None
    teach: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    consent: bool | None = None
    status: str = "signing_up"  # signing_up | complete | left


@dataclass(frozen=True)
class EventState:
    """An event on the number texted: open for sign-up or not, and how far its night is."""

    id: int
    name: str
    code: str
    is_open: bool = True
    questions: tuple[EventQuestion, ...] = ()
    consent_text: str | None = None  # the host's consent question; None: ours
    bound: bool = False  # tied to the Twilio number texted (before events on any number)
    round: int = 0  # the latest round seated; 0: none yet
    rounds: int = 3
    matched: bool = False  # the introductions are sent or scheduled
    intros_sent: bool = False  # the introductions have gone out

    @property
    def phase(self) -> str:
        """before the rounds, during one (the last one apart), or over."""
        if self.matched or (self.round >= self.rounds and not self.is_open):
            return OVER
        if self.round == 0:
            return BEFORE
        return LAST_ROUND if self.round >= self.rounds else ROUND


@dataclass(frozen=True)
class SignUp:
    """One of this number's sign-ups, with its open introduction offers."""

    id: int
    event_id: int
    profile: Profile
    updated_at: datetime | None = None
    open_offers: int = 0  # not answered, not expired: 0, 1, or 2 for two or more
    first_open_offer: int | None = None  # the number of one of them


@dataclass(frozen=True)
class Context:
    """This number's sign-ups and the events it may be texting about."""

    events: tuple[EventState, ...] = ()
    sign_ups: tuple[SignUp, ...] = ()
    opted_out: bool = False


@dataclass(frozen=True)
class Decision:
    """What one text comes to: what it meant, what to store, what to answer."""

    intent: str  # join, answer, ask_again, help, table, thanks, leave, ... (see interpreter)
    reply: str | None  # None: answer nothing
    event_id: int | None = None
    sign_up_id: int | None = None  # None with a profile: a new sign-up
    profile: Profile | None = None  # the sign-up as it is to be stored; None: unchanged
    erase: bool = False  # DELETE confirmed: erase the sign-up
    offer: tuple[bool, int] | None = None  # an answer to introduction offer n
    show_table: bool = False  # answer with the person's table as it is now
    opt_out: bool | None = None  # True: STOP; False: START
