"""The texts that introduce matched people (pure: strings in, string out)."""

import phonenumbers

from service import replies
from service.gsm import fill
from workers.names import display_name, fold

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


def match_text(side: str, *, event: str, name: str, learn: str, teach: str, phone: str) -> str:
    """The text for one side of an introduction ("learner", "teacher" or "mutual").

    `name`, `learn` and `teach` are the other person's; `learn` is always what the learner
    wants and `teach` what the teacher offers. Long values are shortened to fit two SMS
    segments, but never the number.
    """
    return _fill(TEMPLATES[side], "{phone}", readable(phone), event, name, learn, teach)


OFFERS = {
    "learner": replies.OFFER_LEARNER,
    "teacher": replies.OFFER_TEACHER,
    "mutual": replies.OFFER_MUTUAL,
}


def offer_text(side: str, *, event: str, n: int, name: str, learn: str, teach: str) -> str:
    """Double opt-in: ask one side of a match whether they want the introduction."""
    return _fill(OFFERS[side], "{n}", str(n), event, name, learn, teach)


def _fill(
    template: str, kept: str, value: str, event: str, name: str, learn: str, teach: str
) -> str:
    """Fill a template, never shortening `kept` (a number to call, or to reply with)."""
    template = template.replace(kept, value)
    values = {
        "event": event,
        "name": display_name(name),
        "learn": fold(learn),
        "teach": fold(teach),
    }
    return fill(template, **{k: v for k, v in values.items() if "{" + k + "}" in template})


def no_match_text(*, event: str, name: str) -> str:
    return fill(replies.NO_MATCH, event=event, name=display_name(name))
