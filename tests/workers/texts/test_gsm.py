"""SMS segment arithmetic and fitting filled templates into two segments."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workers.texts.gsm import fill, is_gsm7, segments, shorten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters take two septets each
        ("€" * 81, 2),
        ("é" * 160, 1),  # é is in the GSM-7 basic set
        ("ć" * 70, 1),  # ć is not: UCS-2
        ("ć" * 71, 2),
        ("李" * 134, 2),
        ("李" * 135, 3),
        ("😀" * 35, 1),  # an emoji is two UTF-16 units
        ("😀" * 36, 2),
    ],
)
def test_segments(text, expected):
    assert segments(text) == expected


def test_curly_quotes_are_not_gsm7():
    assert is_gsm7("it's")
    assert not is_gsm7("it’s")


def test_shorten_cuts_at_a_word_and_marks_it():
    assert shorten("sourdough baking and bread making", 20) == "sourdough baking..."
    assert shorten("short", 20) == "short"
    assert len(shorten("x" * 50, 10)) == 10


def test_shorten_never_ends_on_a_word_that_leads_somewhere():
    assert shorten("bicycle maintenance and wheel truing for commuters", 28) == (
        "bicycle maintenance..."
    )
    assert shorten("how to make the most of a small garden", 24) == "how to make the most..."


def test_fill_keeps_values_that_fit_and_shortens_those_that_do_not():
    assert fill("Hi {name}!", name="Ana") == "Hi Ana!"
    text = fill("Hi {name}! " + "x" * 250, name="李" * 40)
    assert segments(text) <= 2 and text.startswith("Hi ")


def test_fill_refuses_a_template_that_cannot_fit():
    with pytest.raises(ValueError, match="does not fit"):
        fill("x" * 400)


@given(st.text(max_size=2000), st.text(max_size=300))
def test_fill_always_fits_two_segments(name, other):
    template = "Welcome, {name}. You're at table {other}; text HELP any time for options."
    assert segments(fill(template, name=name, other=other)) <= 2
