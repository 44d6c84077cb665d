"""The texts that introduce matched people (pure: strings in, string out)."""

import phonenumbers

from service import replies
from service.gsm import fill

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

    `name`, `learn`, `teach` and `phone` are the other person's; `learn` is always what
    the learner wants and `teach` what the teacher offers. Long values are shortened to
    fit two SMS segments, but never the number.
    """
    template = TEMPLATES[side].replace("{phone}", readable(phone))
    values = {"event": event, "name": name, "learn": learn, "teach": teach}
    used = {key: value for key, value in values.items() if "{" + key + "}" in template}
    return fill(template, **used)


def no_match_text(*, event: str, name: str) -> str:
    return fill(replies.NO_MATCH, event=event, name=name)
