"""Introduction texts carry the other person's intro where it fits two segments."""

from workers.texts.gsm import is_gsm7, segments
from workers.texts.match_text import match_text, offer_text

INTRO = "I run a bakery on Queen St. I also climb on weekends."


def test_the_intro_is_added_in_the_persons_words():
    text = match_text("learner", event="Folk Night", name="Raj Patel", learn="sourdough",
                      teach="bread making", phone="+14165550142", intro=INTRO)  # fmt: skip
    assert text.endswith(f' Raj says: "{INTRO}"')
    assert segments(text) <= 2 and "+1 416-555-0142" in text


def test_a_long_intro_is_shortened_to_fit_and_never_the_number():
    long = "I have been baking bread for twenty years and teaching for ten. " * 5
    text = match_text("mutual", event="The Great Northern Folk Evening", name="Zoë",
                      learn="public speaking", teach="bread making", phone="+14165550142",
                      intro=long)  # fmt: skip
    assert segments(text) == 2 and is_gsm7(text)
    assert 'Zoe says: "I have been baking' in text and text.endswith('..."')
    assert "+1 416-555-0142" in text


def test_no_intro_or_no_room_leaves_the_text_as_it_was():
    plain = match_text("teacher", event="Folk Night", name="Ana", learn="x", teach="y",
                       phone="+14165550142")  # fmt: skip
    assert "says" not in plain
    crowded = match_text("teacher", event="E" * 200, name="Ana", learn="x" * 200,
                         teach="y" * 200, phone="+14165550142", intro=INTRO)  # fmt: skip
    assert segments(crowded) <= 2


def test_an_offer_carries_the_intro_too():
    text = offer_text("learner", event="Folk Night", n=1, name="Raj", learn="sourdough",
                      teach="bread making", intro=INTRO)  # fmt: skip
    assert "reply YES 1" in text and 'Raj says: "I run a bakery' in text


def test_the_text_says_why_in_a_few_words_without_the_answers_wrappers():
    text = match_text("teacher", event="Folk Night", name="Ana",
                      learn="i wanna learn how to fix my bike lol",
                      teach="I can teach u bicycle repair", phone="+14165550142")  # fmt: skip
    assert "Ana would like to learn how to fix their bike, which you can teach" in text
    learner = match_text("learner", event="Folk Night", name="Raj", learn="i wanna learn salsa",
                         teach="im pretty good at salsa and bachata",
                         phone="+14165550142")  # fmt: skip
    assert "you wanted to learn salsa. Raj can teach salsa and bachata and said yes" in learner
    mine = match_text("learner", event="Folk Night", name="Raj", learn="how to fix my bike",
                      teach="bicycle repair - 10 yrs a mechanic", phone="+14165550142")  # fmt: skip
    assert "you wanted to learn how to fix your bike. Raj can teach bicycle repair and" in mine
