"""What each person at a table is told to talk about: their learn/teach line (pure).

`table_lines(table, pairs)` takes the people at one table (anything with `id`, `name`,
`learn`, `teach`) and the complementary pairs among them, (learner id, teacher id) -> score, only
those at or above the introduction floor; it returns each person's `TalkAbout`, or None
when the table has no pair worth a line.

Each person reads about themselves first: who here can teach what they want to learn, or
who here wants to learn what they teach (the better of the two; both at once when it is
one person). Who has no pair here reads the table's best pair, which never names them.
Each side is quoted in its own words: what a learner wants in the learner's, what a
teacher offers in the teacher's.
"""

from collections.abc import Mapping, Sequence
from typing import Protocol

from workers.texts.round_text import TalkAbout

Pairs = Mapping[tuple[int, int], float]


class Seated(Protocol):
    id: int
    name: str | None
    learn: str | None
    teach: str | None


def table_lines(table: Sequence[Seated], pairs: Pairs) -> dict[int, TalkAbout | None]:
    """Each person's line at this table (by id), or None."""
    here = {person.id: person for person in table}
    scores = {
        (learner, teacher): score
        for (learner, teacher), score in pairs.items()
        if learner in here and teacher in here and learner != teacher
    }
    best = _best(scores)
    lines: dict[int, TalkAbout | None] = {}
    for person in table:
        can_teach_me = _best({k: s for k, s in scores.items() if k[0] == person.id})
        learns_from_me = _best({k: s for k, s in scores.items() if k[1] == person.id})
        if can_teach_me and learns_from_me and can_teach_me[1] == learns_from_me[0]:
            other = here[can_teach_me[1]]
            lines[person.id] = TalkAbout(
                _name(person), other.teach or "", _name(other), "mutual", other.learn or ""
            )
        elif can_teach_me and (
            not learns_from_me or scores[can_teach_me] >= scores[learns_from_me]
        ):
            other = here[can_teach_me[1]]
            lines[person.id] = TalkAbout(_name(person), other.teach or "", _name(other), "learner")
        elif learns_from_me:
            other = here[learns_from_me[0]]
            lines[person.id] = TalkAbout(_name(other), other.learn or "", _name(person), "teacher")
        elif best:
            learner, teacher = here[best[0]], here[best[1]]
            lines[person.id] = TalkAbout(_name(learner), learner.learn or "", _name(teacher))
        else:
            lines[person.id] = None
    return lines


def _best(scores: Pairs) -> tuple[int, int] | None:
    """The highest-scoring pair; ties go to the earlier ids, so the choice is stable."""
    return max(scores, key=lambda k: (scores[k], -k[0], -k[1]), default=None)


def _name(person: Seated) -> str:
    return person.name or ""
