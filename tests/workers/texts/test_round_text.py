"""The round text: table, tablemates, instructions, an icebreaker; two GSM-7 segments."""

import pytest

from workers.texts.display_names import display_name
from workers.texts.gsm import is_gsm7, segments
from workers.texts.round_text import TalkAbout, join_names, round_text, sit_out_text
from workers.texts.spoken_answers import spoken_answer

LONG = ["Bartholomew-Maximilian", "Alexandria Konstantinopoulos", "Christopherson",
        "Guinevere-Rosalind", "Maximiliano Fernandez", "Oluwaseun Adebayo"]  # fmt: skip


def test_the_usual_text_has_everything():
    text = round_text(2, 3, 7, ["Ana", "Raj", "Lee"])
    assert text == (
        "Round 2 of 3: go to TABLE 7. You're with Ana, Raj and Lee. Each of you: a 2-sentence "
        "intro, 1 thing you'd like to learn, 1 thing you could teach."
    )


def test_an_icebreaker_is_added_when_it_fits():
    text = round_text(1, 3, 7, ["Ana", "Raj"], TalkAbout("Ana", "sourdough", "Raj"))
    assert text.endswith("Ana wants to learn sourdough; Raj can teach it.")
    assert segments(text) <= 2


@pytest.mark.parametrize("count", range(1, 7))
def test_six_long_names_fit_two_gsm7_segments(count):
    text = round_text(3, 3, 12, LONG[:count], TalkAbout(LONG[0], "x" * 80, LONG[1]))
    assert is_gsm7(text) and segments(text) <= 2
    assert "TABLE 12" in text and "Round 3 of 3" in text
    for name in LONG[:count]:
        assert name.split()[0][:3] in text  # shortened politely, never dropped


def test_non_latin_names_still_fit():
    text = round_text(1, 3, 4, ["李明" * 8, "محمد" * 4, "Raj"])
    assert segments(text) <= 2 and "TABLE 4" in text


def test_alone_at_a_table():
    assert round_text(1, 3, 1, []) == "Round 1 of 3: go to TABLE 1. Others will join you there."


def test_join_names():
    assert [join_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A and B", "A, B and C",
    ]  # fmt: skip


def test_sit_out_is_kind_and_fits():
    text = sit_out_text(2, 3, "Ana")
    assert "sorry, Ana" in text and "next round" in text and segments(text) <= 2


@pytest.mark.parametrize("label", ["Window 3", "Terrasse fenêtre", "X" * 20])
def test_the_hosts_table_label_is_texted_as_given(label):
    text = round_text(1, 3, label, LONG[:5], TalkAbout(LONG[0], "x" * 80, LONG[1]))
    assert f"TABLE {label}" in text and segments(text) <= 2
    assert round_text(1, 3, label, []).startswith(f"Round 1 of 3: go to TABLE {label}.")


def test_a_big_physical_table_names_some_and_counts_the_others():
    mates = [f"{LONG[i % 6]}{i}" for i in range(49)]
    text = round_text(2, 3, "Long table", mates)
    assert segments(text) <= 2 and "TABLE Long table" in text
    named, others = text.split(", with ")[1].split(" others. ")[0].rsplit(" and ", 1)
    assert len(named.split(", ")) >= 10 and int(others) == 49 - len(named.split(", "))


def test_a_name_with_a_letter_outside_gsm7_is_folded_and_the_text_stays_whole():
    text = round_text(1, 3, 7, ["Zoë", "Łukasz Nowak", "Dr. Eleanor Fitzgerald-O'Brien"])
    assert is_gsm7(text)
    assert "You're with Zoe, Lukasz and Eleanor. Each of you: a 2-sentence intro" in text


def test_a_name_in_another_script_plans_for_ucs2_without_cutting_words():
    text = round_text(1, 3, 7, ["李明", "Ana", "Raj"])
    assert not is_gsm7(text) and segments(text) <= 2
    assert "李明, Ana and Raj" in text and text.endswith(".")


MATES = ["Ana", "Raj", "Lee", "Kim"]


@pytest.mark.parametrize(
    ("talk", "ending"),
    [
        (
            TalkAbout("Ana", "bicycle repair", "Raj", "learner"),
            " Raj can teach you bicycle repair: ask!",
        ),
        (
            TalkAbout("Ana", "bicycle repair", "Raj", "teacher"),
            " Ana would like to learn bicycle repair from you.",
        ),
        (
            TalkAbout("Ana", "bicycle repair", "Raj", "table"),
            " Ana wants to learn bicycle repair; Raj can teach it.",
        ),
        (
            TalkAbout("Ana", "bicycle repair", "Raj", "mutual", "salsa"),
            " Raj can teach you bicycle repair and would like to learn salsa from you.",
        ),
    ],
)
def test_the_personal_line_in_gsm7(talk, ending):
    text = round_text(1, 3, "Window", MATES, talk)
    assert text.endswith(ending) and is_gsm7(text) and segments(text) <= 2
    assert text.startswith("Round 1 of 3: go to TABLE Window. You're with Ana, Raj, Lee and Kim.")


@pytest.mark.parametrize("reader", ["learner", "teacher", "table"])
def test_the_personal_line_in_ucs2_keeps_every_name_whole(reader):
    mates = ["李明", "Raj", "Lee"]  # letters outside GSM-7: 70 characters a segment
    text = round_text(1, 3, 4, mates, TalkAbout("李明", "bicycle repair", "Raj", reader))
    assert not is_gsm7(text) and segments(text) <= 2
    assert "李明, Raj and Lee" in text
    assert "bicycle repair" in text  # the short form of the round text makes room for it


def test_the_line_goes_before_any_name_is_shortened():
    talk = TalkAbout(LONG[0], "public speaking and presenting with confidence", LONG[1], "learner")
    text = round_text(2, 3, 12, LONG[:4], talk)
    assert segments(text) <= 2
    for name in LONG[:4]:
        assert display_name(name) in text  # every name as the texts show it...
    shorter = round_text(2, 3, 12, LONG * 3, talk)  # 18 names: they must shorten
    assert "can teach you" not in shorter  # ...and where names must shorten, no line


def test_the_teachers_own_wrapper_is_not_repeated():
    talk = TalkAbout("Ana", "I can teach u bicycle repair lol", "Raj", "learner")
    assert round_text(1, 3, 7, ["Raj"], talk).endswith(" Raj can teach you bicycle repair: ask!")
    assert spoken_answer("happy to show people how to knit!") == "how to knit"
    assert spoken_answer("French") == "French"
    nothing = TalkAbout("Ana", "i can teach", "Raj", "learner")  # nothing to quote: no line
    assert round_text(1, 3, 7, ["Raj"], nothing) == round_text(1, 3, 7, ["Raj"])
    back = TalkAbout("Ana", "salsa", "Raj", "mutual", "teach me something")
    assert round_text(1, 3, 7, ["Raj"], back).endswith(" Raj can teach you salsa: ask!")


def test_the_line_names_people_as_the_list_does():
    mates = ["Jean-Christophe Dupont", "Ana"]
    text = round_text(
        1, 3, 7, mates, TalkAbout("Ana", "salsa", "Jean-Christophe Dupont", "learner")
    )
    assert text.endswith(" Jean-Christophe can teach you salsa: ask!")
