"""Each person's learn/teach line at a table: about themselves first, never in the third
person; the table's best pair for the others; each side in its own words."""

from dataclasses import dataclass

from workers.rounds.talk_about import table_lines
from workers.texts.round_text import TalkAbout


@dataclass(frozen=True)
class P:
    id: int
    name: str
    learn: str
    teach: str


ANA, RAJ, LEE, KIM = (
    P(1, "Ana", "fixing my bike", "salsa"),
    P(2, "Raj", "latin dancing", "bicycle repair"),
    P(3, "Lee", "salsa steps", "tax"),
    P(4, "Kim", "my taxes", "go"),
)


def test_the_learner_the_teacher_and_the_others_each_read_their_own_line():
    lines = table_lines([ANA, RAJ, LEE, KIM], {(1, 2): 0.8})
    assert lines[1] == TalkAbout("Ana", "bicycle repair", "Raj", "learner")  # Raj's words
    assert lines[2] == TalkAbout("Ana", "fixing my bike", "Raj", "teacher")  # Ana's words
    assert lines[3] == lines[4] == TalkAbout("Ana", "fixing my bike", "Raj", "table")


def test_nobody_reads_about_themselves_in_the_third_person():
    pairs = {(1, 2): 0.9, (3, 4): 0.6, (4, 1): 0.55, (2, 3): 0.7}
    lines = table_lines([ANA, RAJ, LEE, KIM], pairs)
    for person in (ANA, RAJ, LEE, KIM):
        line = lines[person.id]
        assert line.reader != "table"  # each has a pair of their own here
        assert (line.learner == person.name) == (line.reader in ("learner", "mutual"))
        assert (line.teacher == person.name) == (line.reader == "teacher")


def test_one_person_who_teaches_and_learns_from_the_reader_is_one_mutual_line():
    lines = table_lines([ANA, RAJ], {(1, 2): 0.7, (2, 1): 0.6})
    # What the other offers, in their words, and what they want from the reader, in theirs.
    assert lines[1] == TalkAbout("Ana", "bicycle repair", "Raj", "mutual", "latin dancing")
    assert lines[2] == TalkAbout("Raj", "salsa", "Ana", "mutual", "fixing my bike")


def test_the_better_of_learning_and_teaching_is_told():
    lines = table_lines([ANA, RAJ, LEE], {(1, 2): 0.6, (3, 1): 0.9})
    assert lines[1] == TalkAbout("Lee", "salsa steps", "Ana", "teacher")  # Lee's wish is surer
    assert lines[2] == TalkAbout("Ana", "fixing my bike", "Raj", "teacher")


def test_pairs_elsewhere_or_with_oneself_give_no_line():
    lines = table_lines([ANA, LEE], {(1, 2): 0.9, (1, 1): 1.0, (3, 3): 1.0})
    assert lines == {1: None, 3: None}


def test_ties_are_broken_the_same_way_every_time():
    pairs = {(3, 2): 0.7, (1, 2): 0.7}
    assert table_lines([ANA, RAJ, LEE], pairs)[2] == TalkAbout(
        "Ana", "fixing my bike", "Raj", "teacher"
    )
    assert table_lines([LEE, RAJ, ANA], pairs) == table_lines([ANA, RAJ, LEE], pairs)
