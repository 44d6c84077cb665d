"""Keywords at any time: case, punctuation and safe typos."""

import pytest

from service.keywords import Command, is_skip, one_typo, parse, yes_or_no


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


@pytest.mark.parametrize("text", ["Jack", "Mable", "Leah", "Bach"])
def test_strict_mode_reads_names_as_names(text):
    assert parse(text, strict=True) is None


def test_strict_mode_still_knows_exact_keywords_and_help_typos():
    assert parse("TABLE", strict=True) == Command("TABLE")
    assert parse("hlep", strict=True) == Command("HELP")


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
    [("YES", True), ("y", True), ("Yes!", True), ("yes please", True), ("ok", True),
     ("NO", False), ("nope", False), ("no thanks", False), ("maybe", None), ("", None)],
)  # fmt: skip
def test_yes_or_no(text, expected):
    assert yes_or_no(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"), [("SKIP", True), ("skip.", True), ("-", True), ("ski", False)]
)
def test_is_skip(text, expected):
    assert is_skip(text) is expected
