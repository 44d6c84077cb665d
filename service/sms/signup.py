"""The sign-up questions, one text each: what to ask next, and reading each answer.

Pure: a Profile, the event and the text in; the new Profile and the reply out. The
interpreter (service/sms/interpreter.py) decides first whether a text is an answer at all.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from service.sms import keywords, names, phrases, yesno
from service.sms.context import BEFORE, OVER, EventQuestion, EventState, Profile
from service.sms.reading import Reading
from workers.texts import replies
from workers.texts.display_names import display_name
from workers.texts.gsm import MAX_SEGMENTS, fill, segments

INTRO_LIMIT = 500
ANSWER_LIMIT = 200
NAME = "name"
NAME_AGAIN = "name_again"  # asked once more after an answer that did not look like a name
CONSENT = "consent"
DONE = "done"
CONFIRM_DELETE = "confirm_delete"
QUESTION_PREFIX = "q:"
FREE_TEXT_STEPS = ("name", "intro", "learn", "teach")
EXPLAIN = {
    "intro": replies.EXPLAIN_INTRO,
    "learn": replies.EXPLAIN_LEARN,
    "teach": replies.EXPLAIN_TEACH,
    CONSENT: replies.EXPLAIN_CONSENT,
}


def takes_free_text(step: str) -> bool:
    """Whether the step's answer is free words (where a typo'd keyword may be an answer)."""
    return step in (*FREE_TEXT_STEPS, NAME_AGAIN) or step.startswith(QUESTION_PREFIX)


def next_step(profile: Profile, event: EventState) -> str:
    """Name the first question this person has not answered yet."""
    for step in FREE_TEXT_STEPS:
        if getattr(profile, step) is None:
            return step
    for question in event.questions:
        if question.key not in profile.answers:
            return QUESTION_PREFIX + question.key
    return CONSENT if profile.consent is None else DONE


def advance(profile: Profile, event: EventState, prefix: str = "") -> tuple[Profile, str]:
    """Move to the next unanswered question and ask it (or welcome them in)."""
    step = next_step(profile, event)
    if step == DONE and profile.status == "signing_up":
        profile = replace(profile, step=DONE, status="complete")
        name = greeting_name(profile)
        if event.phase == BEFORE:
            return profile, fill(prefix + replies.DONE, name=name)
        if event.phase == OVER:
            return profile, fill(prefix + replies.DONE_AFTER_ROUNDS, name=name)
        k, n = str(event.round), str(event.rounds)
        return profile, fill(prefix + replies.DONE_DURING_ROUND, name=name, k=k, n=n)
    if step == NAME and profile.step == NAME_AGAIN:
        step = NAME_AGAIN
    profile = replace(profile, step=step)
    return profile, prompt(profile, event, prefix)


def greeting_name(profile: Profile) -> str:
    return display_name(profile.name or "")


def prompt(profile: Profile, event: EventState, prefix: str = "") -> str:
    """The question for the person's current step, after an optional prefix."""
    step = profile.step
    if step in (NAME, NAME_AGAIN):
        if prefix:
            return fill(prefix + replies.ASK_NAME_SHORT)
        return fill(replies.ASK_NAME, event=event.name)
    if step == "intro":
        return fill(prefix + replies.ASK_INTRO, name=greeting_name(profile))
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
    return fill(prefix + replies.ALREADY_DONE, name=greeting_name(profile))


def explain(profile: Profile, event: EventState) -> str:
    """Say what the current question means, with examples, and ask it again."""
    return prompt(profile, event, EXPLAIN.get(profile.step, replies.ASK_AGAIN))


def _consent_question(event: EventState, prefix: str = "") -> str:
    """Ask for consent: the host's wording as given (prefixed when it still fits), or ours."""
    if not event.consent_text:
        return fill(prefix + replies.ASK_CONSENT)
    asked = prefix + event.consent_text
    return asked if segments(asked) <= MAX_SEGMENTS else event.consent_text


def _question(event: EventState, step: str) -> EventQuestion:
    key = step.removeprefix(QUESTION_PREFIX)
    return next(q for q in event.questions if q.key == key)


def answer(profile: Profile, text: Reading, event: EventState) -> tuple[str, Profile, str]:
    """Read the text as the answer to the current step: (intent, new profile, reply).

    The intent is "answer" when the answer was taken, "ask_again" when it was not.
    """
    step = profile.step
    handler = ANSWER_HANDLERS.get(step)
    if handler is None:
        handler = _answer_question if step.startswith(QUESTION_PREFIX) else _answer_done
    return handler(profile, text, event)


def _answer_name(profile: Profile, text: Reading, event: EventState) -> tuple[str, Profile, str]:
    if text.skip:
        return "ask_again", profile, fill(replies.NAME_NEEDED)
    if (introduced := names.self_introduction(text.body)) is not None:
        return ("answer", *advance(replace(profile, name=introduced), event))  # "sorry, I'm Kofi"
    reading = text.name(event.code)
    if reading.verdict == "name":
        return ("answer", *advance(replace(profile, name=reading.name), event))
    if reading.verdict == "doubtful" and profile.step == NAME_AGAIN:
        # Asked once already: their name is what they say it is.
        return ("answer", *advance(replace(profile, name=names.as_typed(text.body)), event))
    folded = text.folded
    if reading.verdict == "doubtful":
        return "ask_again", replace(profile, step=NAME_AGAIN), fill(replies.NAME_DOUBTFUL)
    if phrases.about(folded):
        return "ask_again", profile, fill(replies.NAME_ABOUT, event=event.name)
    if phrases.greeting(folded):
        return "ask_again", profile, fill(replies.NAME_AFTER_HELLO)
    return "ask_again", profile, fill(replies.ASK_NAME_AGAIN)


def _answer_text(field_name: str, limit: int) -> Callable[..., tuple[str, Profile, str]]:
    def handler(profile: Profile, text: Reading, event: EventState) -> tuple[str, Profile, str]:
        if not text.skip and text.says_nothing:
            return "ask_again", profile, explain(profile, event)
        value = "" if text.skip else clean(text.body, limit)
        return ("answer", *advance(replace(profile, **{field_name: value}), event))

    return handler


def _answer_question(
    profile: Profile, text: Reading, event: EventState
) -> tuple[str, Profile, str]:
    question = _question(event, profile.step)
    # A choice comes before a skip: "no" (or "nope lol") to a yes/no question is its answer.
    chosen = pick_choice(text.body, question.choices) if question.choices else None
    if chosen is not None:
        value = chosen
    elif text.skip:
        value = ""
    elif question.choices:
        asked = "?" in text.body or text.question
        again = replies.EXPLAIN_CHOICE if asked else replies.CHOICE_AGAIN
        return "ask_again", profile, prompt(profile, event, again)
    elif text.says_nothing:
        return "ask_again", profile, prompt(profile, event, replies.ASK_AGAIN)
    else:
        value = clean(text.body, ANSWER_LIMIT)
    answers = {**profile.answers, question.key: value}
    return ("answer", *advance(replace(profile, answers=answers), event))


def _answer_consent(profile: Profile, text: Reading, event: EventState) -> tuple[str, Profile, str]:
    consent = text.yes_no
    if consent is None:  # "maybe", "what does that mean?": say what it means, ask again
        if event.consent_text:  # the host's own words: ours might not fit them
            return "ask_again", profile, prompt(profile, event, replies.CONSENT_AGAIN)
        return "ask_again", profile, explain(profile, event)
    return ("answer", *advance(replace(profile, consent=consent), event))


def _answer_done(profile: Profile, text: Reading, event: EventState) -> tuple[str, Profile, str]:
    return "unclear", profile, prompt(profile, event)


ANSWER_HANDLERS: dict[str, Callable[[Profile, Reading, EventState], tuple[str, Profile, str]]] = {
    NAME: _answer_name,
    NAME_AGAIN: _answer_name,
    "intro": _answer_text("intro", INTRO_LIMIT),
    "learn": _answer_text("learn", ANSWER_LIMIT),
    "teach": _answer_text("teach", ANSWER_LIMIT),
    CONSENT: _answer_consent,
    DONE: _answer_done,
}

RANGE = re.compile(r"^\s*(\d+)\s*(?:-|–|to)\s*(\d+)\s*$")
AT_LEAST = re.compile(
    r"^\s*(?:(\d+)\s*\+|(?:over|above|older than)\s+(\d+)|(\d+)\s+or (?:more|over|older))\s*$", re.I
)
BELOW = re.compile(r"^\s*(?:under|below|less than|younger than|<)\s*(\d+)\s*$", re.I)


NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# "3", "option 3", "number 2", "#2", "two": a choice by its number.
CHOSEN = re.compile(
    r"^(?:option|opt|number|no|nr|choice|answer|#)?\s*(\d+|" + "|".join(NUMBER_WORDS) + r")$"
)


def pick_choice(text: str, choices: tuple[str, ...]) -> str | None:
    """Read a multiple-choice answer: its number, (the start of) its words, or, for choices
    that are ranges ("25-39", "60+", "Under 25"), a number inside one ("I'm 31")."""
    folded = keywords.plain(text)
    if (found := CHOSEN.match(folded)) is not None:
        number = int(found[1]) if found[1].isdigit() else NUMBER_WORDS.index(found[1]) + 1
        if 1 <= number <= len(choices):
            return choices[number - 1]
        if number < 10 or not folded.isdigit():
            return None  # "5" of four choices: a slip, asked again
    exact = [c for c in choices if keywords.plain(c) == folded]
    starts = [c for c in choices if folded and keywords.plain(c).startswith(folded)]
    for found in (exact, starts):
        if len(found) == 1:
            return found[0]
    # A Yes/No question takes yes and no as people say them ("yep", "nope lol", "sure").
    spelled = {keywords.plain(c): c for c in choices}
    if {"yes", "no"} <= spelled.keys() and (said := yesno.yes_or_no(text)) is not None:
        return spelled["yes" if said else "no"]
    numbers = re.findall(r"\d+", folded)
    if len(numbers) == 1 or (folded.isdigit() and len(choices) < int(folded)):
        inside = [c for c in choices if _in_range(int(numbers[0]), c)]
        if len(inside) == 1:
            return inside[0]
    return None


def _in_range(number: int, choice: str) -> bool:
    if found := RANGE.match(choice):
        return int(found[1]) <= number <= int(found[2])
    if found := AT_LEAST.match(choice):
        return number >= int(next(g for g in found.groups() if g))
    if found := BELOW.match(choice):
        return number < int(found[1])
    return False


def clean(text: str, limit: int) -> str:
    """Tidy free text: printable characters only, spaces collapsed, bounded in length."""
    printable = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    collapsed = " ".join(printable.split())
    return collapsed[:limit].rstrip()
