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
        "lollipop making", "how to start running",
    ],
)  # fmt: skip
def test_a_skill_that_only_looks_like_a_wrapper_stays_whole(answer):
    assert spoken_answer(answer) == answer


@pytest.mark.parametrize("answer", ["i can teach", "teach me something", "lol", "hahaha", ""])
def test_an_answer_with_nothing_to_quote_is_empty(answer):
    assert spoken_answer(answer) == ""
