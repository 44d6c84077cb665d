"""Simulated attendees: varied, pairing up, and never mistaken for a keyword."""

import pytest

from service.sms import keywords, yesno
from workers.people.simulated_people import TOPICS, AskedQuestion, sign_up_texts, simulated_people

QUESTIONS = [AskedQuestion("apart"), AskedQuestion("spread", ("Under 25", "25-39", "40-59"))]


def test_the_same_seed_gives_the_same_people():
    assert simulated_people(30, seed=7) == simulated_people(30, seed=7)
    assert simulated_people(30, seed=7) != simulated_people(30, seed=8)


def test_people_are_varied_and_learn_what_others_teach():
    people = simulated_people(30, seed=1)
    assert len({p.name for p in people}) == 30
    assert len({p.org for p in people}) > 3
    assert {p.consent for p in people} == {True, False}
    assert all(p.learn and p.teach for p in people)
    # Every topic someone wants to learn, someone else teaches (in other words).
    taught = {p.teach for p in people}
    wording = dict(TOPICS)
    assert all(wording[p.learn] in taught for p in people)


def test_more_people_than_names_still_get_distinct_names():
    people = simulated_people(150, seed=2)
    assert len({p.name for p in people}) == 150


def test_the_texts_answer_every_question_in_order():
    person = simulated_people(1, seed=3)[0]
    texts = sign_up_texts(person, "FOLK", QUESTIONS)
    assert texts[:5] == ["FOLK", person.name, person.intro or "SKIP", person.learn, person.teach]
    assert texts[5] == person.org
    assert texts[6] in {"1", "2", "3"}
    assert yesno.yes_or_no(texts[7]) is person.consent


@pytest.mark.parametrize("seed", range(5))
def test_no_answer_reads_as_a_keyword(seed):
    free = [*QUESTIONS, AskedQuestion("spread")]
    for person in simulated_people(60, seed=seed):
        for text in sign_up_texts(person, "FOLK", free)[1:]:
            command = keywords.parse(text)
            assert command is None or not command.exact, text
