"""Every reply is GSM-7 copy and fits two segments when filled with the worst values."""

import itertools
import string

import pytest

from service.sms.context import Context, EventQuestion, EventState, SignUp
from service.sms.interpreter import interpret
from workers.texts import replies
from workers.texts.gsm import fill, is_gsm7, segments

# The copy: every upper-case string (OFFER_HOURS, a number the copy states, is not one).
TEMPLATES = {
    name: value
    for name, value in vars(replies).items()
    if name.isupper() and isinstance(value, str)
}
WORST = {
    "name": ["Bartholomew-Maximilian Okonkw", "李" * 30, "محمد" * 7, "Ω" * 30],
    "event": [
        "The Great Northern Folk and Fiddle Networking Evening of 2026 at the Old Hall",
        "東京" * 20,
    ],
    "value": ["sourdough " * 20, "ภาษาไทย" * 28],
    "question": ["What is the name of the organisation, school or company you work for? " * 7],
    "example": ["FOLKNIGHT2026ABCDEFG"],
    "code": ["FOLKNIGHT2026ABCDEFG"],
    "intro": ["I bake bread and sing in a choir. " * 10, "我做面包" * 40],
    "table": ["Round 2 of 3: go to TABLE 7. " * 11, "120"],
    "k": ["10"],
    "n": ["10"],
    "names": [", ".join(["Bartholomew-Maximilian Okonkwo"] * 6), "、".join(["李明"] * 6)],
    "choices": [", ".join(f"{i} {'x' * 40}" for i in range(1, 11))],
    "learner": ["Bartholomew-Maximilian Okonkw", "李" * 30],
    "teacher": ["Alexandria Konstantinopoulos"],
    "topic": ["public speaking and presentation skills " * 5],
    "back": ["sourdough bread baking for beginners " * 5, "书法" * 40],
    "learn": ["public speaking and presentation skills " * 5, "ภาษาไทย" * 28],
    "teach": ["sourdough bread baking for beginners " * 5, "书法" * 40],
    "phone": ["+44 7700 900123", "+1 416-555-0142"],
    "count": ["49"],
}


def placeholders(template):
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 25


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_our_copy_uses_gsm7_only(name):
    template = TEMPLATES[name]
    copy = template.format(**dict.fromkeys(placeholders(template), ""))
    assert is_gsm7(copy), [ch for ch in copy if not is_gsm7(ch)]
    assert "\u2019" not in copy and "\u201c" not in copy


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_fits_two_segments_filled_with_worst_values(name):
    template = TEMPLATES[name]
    fields = placeholders(template)
    for values in itertools.product(*(WORST[field] for field in fields)):
        text = fill(template, **dict(zip(fields, values, strict=True)))
        assert segments(text) <= 2, text


def test_a_long_latin_name_is_not_cut_when_it_fits():
    name = "Bartholomew-Maximilian Okonkw"
    assert name in fill(replies.DONE, name=name)


def test_every_reply_of_a_sign_up_with_worst_values_fits():
    event = EventState(
        1,
        WORST["event"][1],
        "FOLK",
        questions=(
            EventQuestion("1", WORST["question"][0]),
            EventQuestion("2", "Age?", tuple("x" * 60 for _ in range(9))),
        ),
    )
    texts = ["hi", "李" * 300, "ภาษาไทย" * 200, "", "learn " + "x" * 500, "teach", "1", "99"]
    texts += ["2", "maybe", "yes", "HELP", "TABLE", "LEAVE", "BACK", "DELETE", "no"]
    texts += ["NAME " + "Ω" * 300]
    context = Context((event,))
    for text in texts:
        decision = interpret(context, text)
        assert decision.reply is None or segments(decision.reply) <= 2, decision.reply
        if decision.profile is not None:
            context = Context((event,), (SignUp(1, event.id, decision.profile),))
