"""The contexts a text can arrive in, as the interpreter sees them: one per stage of the
night, named as tests/service/sms/corpus.json names them."""

from dataclasses import replace
from datetime import UTC, datetime

from service.sms.context import Context, EventQuestion, EventState, Profile, SignUp
from service.sms.interpreter import interpret

ORG = EventQuestion("6", "Where do you work or study? We seat colleagues apart.")
AGE = EventQuestion("7", "Age range?", ("Under 25", "25-39", "40-59", "60+"))
FOLK = EventState(1, "Folk Night", "FOLK", questions=(ORG, AGE), rounds=3)
JAZZ = EventState(2, "Jazz Brunch", "JAZZ", rounds=3)
WINTER = EventState(3, "Winter Social", "WINTER", is_open=False)
NOW = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)

ANA = Profile(step="name")
SIGNED_UP = Profile(
    step="done", name="Ana", intro="", learn="guitar", teach="sourdough",
    answers={"6": "Acme", "7": "25-39"}, consent=True, status="complete",
)  # fmt: skip
STEPS = {
    "name": Profile(step="name"),
    "intro": Profile(step="intro", name="Ana"),
    "learn": Profile(step="learn", name="Ana", intro=""),
    "teach": Profile(step="teach", name="Ana", intro="", learn="guitar"),
    "org": Profile(step="q:6", name="Ana", intro="", learn="guitar", teach="sourdough"),
    "age": Profile(
        step="q:7", name="Ana", intro="", learn="guitar", teach="sourdough", answers={"6": "Acme"}
    ),
    "consent": Profile(
        step="consent",
        name="Ana",
        intro="",
        learn="guitar",
        teach="sourdough",
        answers={"6": "Acme", "7": "25-39"},
    ),
}


def signed_up(profile: Profile, event: EventState = FOLK, **offers: int) -> Context:
    return Context((event,), (SignUp(10, event.id, profile, NOW, **offers),))


def stage(name: str) -> Context:
    """The context of a stage of the corpus."""
    if name == "first":
        return Context((FOLK,))
    if name == "first_two_events":
        return Context((FOLK, JAZZ))
    if name == "first_closed":
        return Context((FOLK, WINTER))
    if name in STEPS:
        return signed_up(STEPS[name])
    if name == "done":
        return signed_up(SIGNED_UP)
    if name == "round":
        return signed_up(SIGNED_UP, replace(FOLK, round=1))
    if name == "last_round":
        return signed_up(SIGNED_UP, replace(FOLK, round=3))
    if name == "after":
        return signed_up(SIGNED_UP, replace(FOLK, round=3, matched=True))
    if name == "offer_one":
        after = replace(FOLK, round=3, matched=True)
        return signed_up(SIGNED_UP, after, open_offers=1, first_open_offer=1)
    if name == "offer_two":
        after = replace(FOLK, round=3, matched=True)
        return signed_up(SIGNED_UP, after, open_offers=2, first_open_offer=1)
    if name == "confirm_delete":
        return signed_up(replace(SIGNED_UP, step="confirm_delete", resume_step="done"))
    if name == "left":
        return signed_up(replace(SIGNED_UP, status="left"), replace(FOLK, round=1))
    if name == "signing_up_in_round":
        return signed_up(STEPS["learn"], replace(FOLK, round=1))
    raise KeyError(name)


def converse(texts, event: EventState = FOLK, profile: Profile | None = None):
    """Play texts from one number through the interpreter, storing what it decides as the
    webhook would; return the final profile (None: no sign-up) and every decision."""
    decisions = []
    for text in texts:
        context = signed_up(profile, event) if profile is not None else Context((event,))
        decision = interpret(context, text)
        decisions.append(decision)
        if decision.erase:
            profile = None
        elif decision.profile is not None:
            profile = decision.profile
    return profile, decisions
