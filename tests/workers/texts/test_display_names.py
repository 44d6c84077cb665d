"""How names appear in texts: first name, no title, folded to GSM-7 where a close form exists."""

import pytest

from workers.texts.display_names import display_name, first_name, fold
from workers.texts.gsm import is_gsm7


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Dr. Eleanor Fitzgerald-O'Brien", "Eleanor"),
        ("Prof Raj Patel", "Raj"),
        ("priya", "Priya"),
        ("PRIYA", "Priya"),
        ("mary-jane", "Mary-Jane"),
        ("D'Andre", "D'Andre"),
        ("Zoë", "Zoe"),
        ("Łukasz Nowak", "Lukasz"),
        ("Ağca", "Agca"),
        ("Nguyễn", "Nguyen"),
        ("Siobhán", "Siobhan"),
        ("José", "José"),  # é is GSM-7 already
        ("Björn", "Björn"),  # and ö
        ("O’Neil", "O'Neil"),  # the iPhone's apostrophe
        ("李明", "李明"),  # another script: kept
        ("محمد", "محمد"),
        ("Wolfeschlegelsteinhausenbergerdorff", "Wolfeschlegelsteinha"),
        ("Anastasiya-Konstantina Ivanova", "Anastasiya"),  # whole parts, not a cut
        ("christopher-alexander", "Christopher"),
        ("Ana-Maria-Luisa-Fernanda", "Ana-Maria-Luisa"),
        ("-Anastasiya-Konstantina", "Anastasiya"),
        ("", ""),
    ],
)
def test_display_names(name, shown):
    assert display_name(name) == shown


def test_a_latin_name_always_folds_to_gsm7():
    for name in ("Zoë", "Łukasz", "Ağca", "Nguyễn Thị", "Søren", "Çağla", "Đorđe", "Œdipe"):
        assert is_gsm7(display_name(name)), name


def test_fold_keeps_what_has_no_close_form():
    assert fold("Zoë 😀") == "Zoe 😀"
    assert fold("Ana") == "Ana"


def test_a_title_alone_is_kept():
    assert first_name("Dr") == "Dr"
