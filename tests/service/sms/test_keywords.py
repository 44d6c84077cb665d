"""Keywords at any time: case, punctuation and safe typos."""

import pytest

from service.sms.keywords import Command, is_skip, one_typo, parse


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("HELP", "HELP"),
        ("help?", "HELP"),
        ("  Help!!  ", "HELP"),
        ("hlep", "HELP"),
        ("hepl", "HELP"),
        ("tabel", "TABLE"),
        ("TABLE.", "TABLE"),
        ("tables", "TABLE"),
        ("Leave", "LEAVE"),
        ("leav", "LEAVE"),
        ("back", "BACK"),
        ("DELETE", "DELETE"),
        ("deleet", "DELETE"),
        ("deletion", None),
        ("delte", "DELETE"),
        ("STOP", "STOP"),
        ("Stop.", "STOP"),
        ("cancel", "STOP"),
        ("end", "STOP"),
        ("start", "START"),
        ("unstop", "START"),
        ("stpo", None),  # carrier words are matched exactly, as the carrier does
        ("please stop", None),
        ("hello", None),
        ("ana", None),
    ],
)
def test_parse_simple_keywords(text, word):
    command = parse(text)
    assert (command.word if command else None) == word


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("LEARN salsa", Command("LEARN", "salsa")),
        ("learn: sourdough  baking", Command("LEARN", "sourdough baking")),
        ("Teach - chess", Command("TEACH", "chess")),
        ("name Ana Maria", Command("NAME", "Ana Maria")),
        ("learn", Command("LEARN", "")),
        ("learning to code", None),
        ("names are hard", None),
    ],
)
def test_parse_keywords_with_text(text, command):
    assert parse(text) == command


@pytest.mark.parametrize("text", ["Jack", "Mable", "Bach"])
def test_a_name_one_slip_from_a_keyword_is_marked_as_a_guess(text):
    command = parse(text)
    assert command is not None and not command.exact


def test_exact_keywords_are_marked_exact():
    assert parse("TABLE") == Command("TABLE")
    assert parse("hlep") == Command("HELP", exact=False)


@pytest.mark.parametrize(
    ("word", "target", "expected"),
    [
        ("help", "help", True),
        ("hlep", "help", True),
        ("hel", "help", True),
        ("helpp", "help", True),
        ("hxlp", "help", True),
        ("hxxp", "help", False),
        ("ed", "end", False),  # short words are never guessed
        ("lpeh", "help", False),
    ],
)
def test_one_typo(word, target, expected):
    assert one_typo(word, target) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SKIP", True), ("skip.", True), ("-", True), ("ski", False),
        # a skip said with a laugh or an aside is still a skip
        ("idk lol", True), ("nothing really tbh", True), ("sorry, pass", True),
        ("no idea hahaha", True), ("lol idk", True), ("hmm skip", True),
        # but an answer with a laugh is an answer
        ("salsa lol", False), ("lol", False), ("idk salsa maybe", False),
    ],
)  # fmt: skip
def test_is_skip(text, expected):
    assert is_skip(text) is expected
