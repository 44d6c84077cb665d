"""The sign-up conversation as pure logic: a person's state and a text in, new state and reply out.

The state is stored on the attendee row; `step` names the question the next text answers.
Nothing here touches the database, Redis or Flask.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from service import keywords, replies
from service.gsm import MAX_SEGMENTS, fill, segments

NAME_LIMIT = 30
INTRO_LIMIT = 500
ANSWER_LIMIT = 200
CONSENT = "consent"
DONE = "done"
CONFIRM_DELETE = "confirm_delete"
QUESTION_PREFIX = "q:"
FREE_TEXT_STEPS = ("name", "intro", "learn", "teach")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventView:
    """What the conversation needs to know of the event and of this person's seat."""

    name: str
    code: str
    questions: tuple[Question, ...] = ()
    table_text: str | None = None  # the current round's text for this person, if seated
    consent_text: str | None = None  # the host's consent question; None: ours


@dataclass(frozen=True)
class Profile:
    step: str = "name"
    resume_step: str | None = None
    name: str | None = None
    intro: str | None = None  # None: not asked yet; "": skipped
    learn: str | None = None
    teach: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    consent: bool | None = None
    status: str = "signing_up"  # signing_up | complete | left


@dataclass(frozen=True)
class Outcome:
    profile: Profile
    reply: str | None  # None: answer nothing
    erase: bool = False  # the person confirmed DELETE: the caller erases their data


def respond(
    profile: Profile, text: str, event: EventView, *, new: bool = False, media: int = 0
) -> Outcome:
    """Answer one text from a person: keywords first, then the question they are on."""
    strict = profile.step in FREE_TEXT_STEPS or profile.step.startswith(QUESTION_PREFIX)
    command = keywords.parse(text, strict=strict)
    if profile.step == CONFIRM_DELETE:
        return _confirm_delete(profile, text, event)
    if command is not None and command.word != "START":
        return _keyword(profile, command, event, new)
    if new:
        return Outcome(profile, fill(replies.ASK_NAME, event=event.name))
    if command is not None:  # START from someone who never stopped: where were we?
        return Outcome(profile, _prompt(profile, event))
    if not text.strip():
        return Outcome(
            profile, _prompt(profile, event, replies.MEDIA_ONLY if media else replies.EMPTY)
        )
    return _answer(profile, text, event)


def carrier_keyword(text: str, opted_out: bool) -> str | None:
    """Read the carrier's opt-out rules, which apply to a number before any sign-up.

    Returns "opt_out" (STOP and its synonyms, alone in the text: Twilio answers it),
    "opt_in" (START or UNSTOP, or YES from an opted-out number, as Twilio treats it),
    "ignore" (an opted-out number texting anything else: we must not answer),
    or None (not the carrier's business: go on with the conversation).
    """
    command = keywords.parse(text)
    word = command.word if command else None
    if word == "STOP":
        return "opt_out"
    if opted_out:
        if word == "START" or (word is None and keywords.yes_or_no(text) is True):
            return "opt_in"
        return "ignore"
    return None


def next_step(profile: Profile, event: EventView) -> str:
    """Name the first question this person has not answered yet."""
    for step in FREE_TEXT_STEPS:
        if getattr(profile, step) is None:
            return step
    for question in event.questions:
        if question.key not in profile.answers:
            return QUESTION_PREFIX + question.key
    return CONSENT if profile.consent is None else DONE


def _advance(profile: Profile, event: EventView, prefix: str = "") -> Outcome:
    step = next_step(profile, event)
    if step == DONE and profile.status == "signing_up":
        profile = replace(profile, step=DONE, status="complete")
        return Outcome(profile, fill(prefix + replies.DONE, name=profile.name or ""))
    profile = replace(profile, step=step)
    return Outcome(profile, _prompt(profile, event, prefix))


def _prompt(profile: Profile, event: EventView, prefix: str = "") -> str:
    """The question for the person's current step, after an optional prefix."""
    step = profile.step
    if step == "name":
        return (
            fill(prefix + replies.ASK_NAME_AGAIN)
            if prefix
            else fill(replies.ASK_NAME, event=event.name)
        )
    if step == "intro":
        return fill(prefix + replies.ASK_INTRO, name=profile.name or "")
    if step in ("learn", "teach"):
        return fill(prefix + (replies.ASK_LEARN if step == "learn" else replies.ASK_TEACH))
    if step.startswith(QUESTION_PREFIX):
        question = _question(event, step)
        if question.choices:
            choices = ", ".join(f"{i} {c}" for i, c in enumerate(question.choices, 1))
            return fill(
                prefix + replies.ASK_CHOICE_QUESTION, question=question.text, choices=choices
            )
        return fill(prefix + replies.ASK_FREE_QUESTION, question=question.text)
    if step == CONSENT:
        return _consent_question(event, prefix)
    return fill(prefix + replies.ALREADY_DONE, name=profile.name or "")


def _consent_question(event: EventView, prefix: str = "") -> str:
    """Ask for consent: the host's wording as given (prefixed when it still fits), or ours."""
    if not event.consent_text:
        return fill(prefix + replies.ASK_CONSENT)
    asked = prefix + event.consent_text
    return asked if segments(asked) <= MAX_SEGMENTS else event.consent_text


def _question(event: EventView, step: str) -> Question:
    key = step.removeprefix(QUESTION_PREFIX)
    return next(q for q in event.questions if q.key == key)


def _keyword(profile: Profile, command: keywords.Command, event: EventView, new: bool) -> Outcome:
    name = profile.name or "friend"
    word = command.word
    if word == "HELP":
        return Outcome(profile, fill(replies.HELP, event=event.name))
    if word == "TABLE":
        return Outcome(
            profile,
            fill(replies.CURRENT_TABLE, table=event.table_text)
            if event.table_text
            else replies.NO_ROUND,
        )
    if word == "LEAVE":
        return Outcome(replace(profile, status="left"), fill(replies.LEFT, name=name))
    if word == "BACK":
        if profile.status != "left":
            return Outcome(profile, fill(replies.NOT_LEFT, name=name))
        status = "complete" if profile.step == DONE else "signing_up"
        return Outcome(replace(profile, status=status), fill(replies.BACK, name=name))
    if word == "DELETE":
        profile = replace(profile, resume_step=profile.step, step=CONFIRM_DELETE)
        return Outcome(profile, fill(replies.CONFIRM_DELETE, event=event.name))
    return _change_answer(profile, command, event, new)


def _change_answer(
    profile: Profile, command: keywords.Command, event: EventView, new: bool
) -> Outcome:
    """LEARN, TEACH or NAME followed by text: change that answer at any time."""
    field_name = command.word.lower()
    value = (
        _clean_name(command.text) if field_name == "name" else _clean(command.text, ANSWER_LIMIT)
    )
    if not value:
        example = {"name": "NAME Ana", "learn": "LEARN salsa", "teach": "TEACH chess"}[field_name]
        return Outcome(profile, fill(replies.KEYWORD_NEEDS_TEXT, example=example))
    profile = replace(profile, **{field_name: value})
    template = {"name": replies.UPDATED_NAME, "learn": replies.UPDATED_LEARN}.get(
        field_name, replies.UPDATED_TEACH
    )
    prefix = fill(template, max_segments=1, value=value)
    if profile.status == "signing_up" and (new or profile.step in (field_name, DONE)):
        return _advance(profile, event, prefix)
    if profile.status == "signing_up":
        return Outcome(profile, _prompt(profile, event, prefix))
    return Outcome(profile, prefix.strip())


def _confirm_delete(profile: Profile, text: str, event: EventView) -> Outcome:
    if keywords.yes_or_no(text) is True or keywords.plain(text) == "delete":
        return Outcome(profile, replies.DELETED, erase=True)
    profile = replace(profile, step=profile.resume_step or "name", resume_step=None)
    return Outcome(profile, _prompt(profile, event, replies.KEPT))


def _answer(profile: Profile, text: str, event: EventView) -> Outcome:
    step = profile.step
    handler = ANSWER_HANDLERS.get(step)
    if handler is None:
        handler = _answer_question if step.startswith(QUESTION_PREFIX) else _answer_done
    return handler(profile, text, event)


def _answer_name(profile: Profile, text: str, event: EventView) -> Outcome:
    name = _clean_name(text)
    if not name:
        return Outcome(profile, fill(replies.ASK_NAME_AGAIN))
    return _advance(replace(profile, name=name), event)


def _answer_text(field_name: str, limit: int) -> Callable[[Profile, str, EventView], Outcome]:
    def handler(profile: Profile, text: str, event: EventView) -> Outcome:
        value = "" if keywords.is_skip(text) else _clean(text, limit)
        return _advance(replace(profile, **{field_name: value}), event)

    return handler


def _answer_question(profile: Profile, text: str, event: EventView) -> Outcome:
    question = _question(event, profile.step)
    if keywords.is_skip(text):
        value = ""
    elif question.choices:
        value = _pick_choice(text, question.choices)
        if value is None:
            return Outcome(profile, _prompt(profile, event, replies.CHOICE_AGAIN))
    else:
        value = _clean(text, ANSWER_LIMIT)
    return _advance(replace(profile, answers={**profile.answers, question.key: value}), event)


def _answer_consent(profile: Profile, text: str, event: EventView) -> Outcome:
    consent = keywords.yes_or_no(text)
    if consent is None:
        return Outcome(profile, _prompt(profile, event, replies.CONSENT_AGAIN))
    return _advance(replace(profile, consent=consent), event)


def _answer_done(profile: Profile, text: str, event: EventView) -> Outcome:
    return Outcome(profile, _prompt(profile, event))


ANSWER_HANDLERS: dict[str, Callable[[Profile, str, EventView], Outcome]] = {
    "name": _answer_name,
    "intro": _answer_text("intro", INTRO_LIMIT),
    "learn": _answer_text("learn", ANSWER_LIMIT),
    "teach": _answer_text("teach", ANSWER_LIMIT),
    CONSENT: _answer_consent,
    DONE: _answer_done,
}


def _pick_choice(text: str, choices: tuple[str, ...]) -> str | None:
    """Read a multiple-choice answer given by its number or by (the start of) its words."""
    folded = keywords.plain(text)
    if folded.isdigit() and 1 <= int(folded) <= len(choices):
        return choices[int(folded) - 1]
    exact = [c for c in choices if keywords.plain(c) == folded]
    starts = [c for c in choices if folded and keywords.plain(c).startswith(folded)]
    for found in (exact, starts):
        if len(found) == 1:
            return found[0]
    return None


NAME_PREFIXES = re.compile(
    r"^(?:hi|hello|hey)?[\s,!.]*"
    r"(?:my name is|my name's|name is|i am|i'm|im|it's|its|this is|call me)\s+",
    re.IGNORECASE,
)


def _clean(text: str, limit: int) -> str:
    """Tidy free text: printable characters only, spaces collapsed, bounded in length."""
    printable = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    collapsed = " ".join(printable.split())
    return collapsed[:limit].rstrip()


def _clean_name(text: str) -> str:
    """Take a first name from a reply such as "hi, I'm Ana!", kept politely short."""
    text = NAME_PREFIXES.sub("", _clean(text, 400))
    kept = "".join(
        ch if ch.isalpha() or unicodedata.category(ch)[0] == "M" or ch in " '-." else " "
        for ch in text
    )
    words = [word.strip("'-.") for word in kept.split() if word.strip("'-.")]
    if not words:
        return ""
    name = ""
    for word in words:
        candidate = f"{name} {word}".strip()
        if len(candidate) > NAME_LIMIT:
            break
        name = candidate
    return name or words[0][:NAME_LIMIT]
