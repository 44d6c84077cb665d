"""The texts that introduce matched people (pure: strings in, string out)."""

import phonenumbers

from workers.texts import replies
from workers.texts.display_names import display_name, fold
from workers.texts.gsm import MAX_SEGMENTS, fill, segments, shorten
from workers.texts.spoken_answers import spoken_answer

INTRO_SHORTEST = 25  # characters of an intro worth sending
TEMPLATES = {
    "learner": replies.MATCH_LEARNER,
    "teacher": replies.MATCH_TEACHER,
    "mutual": replies.MATCH_MUTUAL,
}


def readable(e164: str) -> str:
    """A number as people write it, with its country code: +1 416-555-0142."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def match_text(
    side: str, *, event: str, name: str, learn: str, teach: str, phone: str, intro: str = ""
) -> str:
    """The text for one side of an introduction ("learner", "teacher" or "mutual").

    `name`, `learn`, `teach` and `intro` are the other person's; `learn` is always what the
    learner wants and `teach` what the teacher offers, each quoted without its wrapper
    ("i wanna learn ...", "I can teach u ..."): the text says why. Long values are
    shortened to fit two SMS segments, but never the number; the intro comes last,
    shortened, where it fits.
    """
    # The learner reads their own wish back ("you wanted to learn how to fix your bike").
    voice = "you" if side == "learner" else "they"
    text = _fill(TEMPLATES[side], "{phone}", readable(phone), event, name, learn, teach, voice)
    return with_intro(text, name, intro)


OFFERS = {
    "learner": replies.OFFER_LEARNER,
    "teacher": replies.OFFER_TEACHER,
    "mutual": replies.OFFER_MUTUAL,
}


def offer_text(
    side: str, *, event: str, n: int, name: str, learn: str, teach: str, intro: str = ""
) -> str:
    """Double opt-in: ask one side of a match whether they want the introduction."""
    return with_intro(_fill(OFFERS[side], "{n}", str(n), event, name, learn, teach), name, intro)


def with_intro(text: str, name: str, intro: str) -> str:
    """Add the other person's intro in their words, shortened to what fits two segments;
    left out when less than INTRO_SHORTEST of it would fit."""
    intro = fold(" ".join(intro.split()))
    limit = len(intro)
    while limit >= INTRO_SHORTEST:
        line = replies.INTRO_LINE.format(name=display_name(name), intro=shorten(intro, limit))
        if segments(text + line) <= MAX_SEGMENTS:
            return text + line
        limit = min(limit - 5, len(shorten(intro, limit)) - 1)
    return text


def _fill(
    template: str,
    kept: str,
    value: str,
    event: str,
    name: str,
    learn: str,
    teach: str,
    learn_voice: str = "they",
) -> str:
    """Fill a template, never shortening `kept` (a number to call, or to reply with)."""
    template = template.replace(kept, value)
    values = {
        "event": event,
        "name": display_name(name),
        "learn": fold(spoken_answer(learn, learn_voice) or learn),
        "teach": fold(spoken_answer(teach, "they") or teach),
    }
    return fill(template, **{k: v for k, v in values.items() if "{" + k + "}" in template})


def no_match_text(*, event: str, name: str) -> str:
    return fill(replies.NO_MATCH, event=event, name=display_name(name))
