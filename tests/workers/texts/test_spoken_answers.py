"""Answers are quoted without the wrapper people type around a skill, and nothing else."""

import pytest

from workers.texts.spoken_answers import spoken_answer


@pytest.mark.parametrize(
    ("answer", "quoted"),
    [
        ("I can teach u bicycle repair lol", "bicycle repair"),
        ("i wanna learn how to fix my bike", "how to fix my bike"),
        ("happy to show people how to knit!", "how to knit"),
        ("i'd love to learn to play guitar", "to play guitar"),
        ("im pretty good at chess", "chess"),
        ("teach me to cook", "to cook"),
        ("show me how to edit videos", "how to edit videos"),
        ("I can teach u: salsa", "salsa"),
        ("i can teach u - salsa", "salsa"),
        ("tbh i can teach u guitar", "guitar"),
        ("Um I can teach guitar", "guitar"),
        ("i wanna learn guitar lolll", "guitar"),
        ("Guitar pleaseee", "Guitar"),
        ("I wud luv to learn salsa", "salsa"),
        ("tryna learn salsa", "salsa"),
        ("lrn wine", "wine"),
        ("salsa 😊", "salsa"),
        ("i want to learn more about wine", "wine"),
        ("I can help with excel formulas", "excel formulas"),
        ("Teaching English", "English"),
    ],
)
def test_the_wrapper_goes(answer, quoted):
    assert spoken_answer(answer) == quoted


@pytest.mark.parametrize(
    "answer",
    [
        "to knit a scarf", "Couch to 5k running", "French", "a bit of Spanish",
        "Help desk support", "Show business", "Show and tell", "Learning and development",
        "people management", "Will writing", "can opener repair", "AM radio repair",
        "ID photos", "You tube editing", "Of course python", "About me", "I guess guitar",
        "lollipop making", "how to start running", "practise with fellow actors",
        "work as part of an assembly line team", "Improve with age",
    ],
)  # fmt: skip
def test_a_skill_that_only_looks_like_a_wrapper_stays_whole(answer):
    assert spoken_answer(answer) == answer


@pytest.mark.parametrize("answer", ["i can teach", "teach me something", "lol", "hahaha", ""])
def test_an_answer_with_nothing_to_quote_is_empty(answer):
    assert spoken_answer(answer) == ""


@pytest.mark.parametrize(
    ("answer", "quoted"),
    [
        ("guitar - been playing 15 yrs", "guitar"),
        ("Guitar – 15 yrs now", "Guitar"),
        (
            "I have always wanted to learn how to knit, my grandmother used to knit scarves",
            "how to knit",
        ),
        ("bicycle maintenance. I fix bikes every weekend", "bicycle maintenance"),
        ("spanish because I lived in Madrid", "spanish"),
        ("knitting lol its fun", "knitting"),
        ("sourdough!! it's my thing", "sourdough"),
        ("python, it's my day job", "python"),
        ("I can make bread!!", "make bread"),
        ("I love cooking", "cooking"),
    ],
)
def test_only_the_skills_own_clause_is_quoted(answer, quoted):
    assert spoken_answer(answer) == quoted


@pytest.mark.parametrize(
    "answer",
    [
        "python, sql and excel", "python, sql, and excel", "cooking, baking, brewing",
        "salsa/bachata", "Python / SQL", "U.S. history", "U.K. employment law",
        "Ph.D. applications", "I.T. support", "Languages: Spanish and French",
        "Lightroom, PS", "history of BC", "ME and CS tutoring", "how to mine bitcoin",
    ],
)  # fmt: skip
def test_lists_abbreviations_and_look_alikes_stay_whole(answer):
    assert spoken_answer(answer, "they") == answer


def test_an_aside_in_brackets_goes():
    assert spoken_answer("knitting (my gran taught me)", "they") == "knitting"


@pytest.mark.parametrize("answer", ["I have no idea", "I really don't know", "not sure tbh"])
def test_not_knowing_is_nothing_to_quote(answer):
    assert spoken_answer(answer) == ""


def test_a_clause_still_saying_i_is_not_half_turned():
    assert spoken_answer("how I can improve my CV", "you") == "how I can improve my CV"


@pytest.mark.parametrize(
    ("answer", "they", "you"),
    [
        ("i wanna learn how to fix my bike", "how to fix their bike", "how to fix your bike"),
        ("teach me to train my dog", "to train their dog", "to train your dog"),
        ("how to look after myself", "how to look after themselves", "how to look after yourself"),
        ("Mystery novels", "Mystery novels", "Mystery novels"),
    ],
)
def test_a_voice_turns_my_and_me_for_the_reader(answer, they, you):
    assert spoken_answer(answer, "they") == they
    assert spoken_answer(answer, "you") == you
