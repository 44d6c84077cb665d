"""Complementary learn/teach pairs among the people in a room, from their answer vectors.

`room_scores(session, people)` loads the vectors stored when each answer arrived
(`workers.intros.introductions.embed_answers`); an answer with no current vector is scored
on its n-grams alone here (the model is never loaded while seating). `RoomScores.at_table`
gives one table's pairs for its talk-about lines; `RoomScores.best_pairs` gives the
seating engine the pairs to bring together. Both keep only pairs at or above the
introduction floor (`INTRO_SCORE_FLOOR`): the same bar as an introduction after the event.
"""

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import orm, select

from models import AnswerVector, Attendee
from workers import matching
from workers.settings.config import intro_score_floor
from workers.texts.spoken_answers import spoken_answer

PAIRS_PER_LEARNER = 3  # the engine is asked to seat each learner near their best teachers


@dataclass(frozen=True)
class RoomScores:
    """Everyone's learn and teach vectors (rows in the order of `ids`; a missing answer has
    no row of its own: its flag is False). Scores are computed where asked: one table's
    handful, or the whole room's matrix for the engine."""

    ids: list[int]
    learn: np.ndarray
    teach: np.ndarray
    learns: np.ndarray  # bool: this person answered "learn"
    teaches: np.ndarray  # bool: this person answered "teach"
    floor: float

    @functools.cached_property
    def index(self) -> dict[int, int]:
        """Each person's row."""
        return {person: row for row, person in enumerate(self.ids)}

    def scores(self, rows: Sequence[int] | None = None) -> np.ndarray:
        """Scores[i, j]: how well person j can teach what person i wants to learn, among
        `rows` (indexes into ids; None: everyone); -inf for oneself or a missing answer."""
        rows = list(range(len(self.ids))) if rows is None else list(rows)
        scores = matching.similarity_from_vectors(self.learn[rows], self.teach[rows])
        scores = np.asarray(scores, dtype=np.float32)
        scores[~np.outer(self.learns[rows], self.teaches[rows])] = -np.inf
        np.fill_diagonal(scores, -np.inf)
        return scores

    def at_table(self, people: Iterable[int]) -> dict[tuple[int, int], float]:
        """The pairs at one table at or above the floor: (learner id, teacher id) -> score."""
        rows = [self.index[p] for p in people if p in self.index]
        scores = self.scores(rows)
        return {
            (self.ids[rows[i]], self.ids[rows[j]]): float(scores[i, j])
            for i, j in zip(*np.nonzero(scores >= self.floor), strict=True)
        }

    def pairs_with(self, person: int) -> list[tuple[int, int]]:
        """Every pair at or above the floor that `person` is in, as learner or as teacher
        (one row and one column of the room's scores: cheap enough for a sign-up text)."""
        if person not in self.index:
            return []
        i = self.index[person]
        as_learner = np.asarray(matching.similarity_from_vectors(self.learn[[i]], self.teach))[0]
        as_teacher = np.asarray(matching.similarity_from_vectors(self.learn, self.teach[[i]]))[:, 0]
        found = []
        for j, other in enumerate(self.ids):
            if j == i:
                continue
            if self.learns[i] and self.teaches[j] and as_learner[j] >= self.floor:
                found.append((person, other))
            if self.learns[j] and self.teaches[i] and as_teacher[j] >= self.floor:
                found.append((other, person))
        return found

    def best_pairs(self, per_learner: int = PAIRS_PER_LEARNER) -> list[tuple[int, int]]:
        """Each learner's best teachers at or above the floor, at most `per_learner` each."""
        pairs = []
        for i, row in enumerate(self.scores()):
            good = np.flatnonzero(row >= self.floor)
            for j in good[np.argsort(-row[good], kind="stable")][:per_learner]:
                pairs.append((self.ids[i], self.ids[int(j)]))
        return pairs


def room_scores(
    session: orm.Session,
    people: Sequence[Attendee],
    floor: float | None = None,
    fill: Collection[int] | None = None,
) -> RoomScores:
    """Everyone's learn and teach vectors: stored ones where current, n-grams otherwise.

    fill: whose missing vectors are made here on n-grams (None: everyone's); anyone else
    without a current stored vector counts as having no answer. A sign-up text fills only
    the sender's, so it never embeds a room. An answer with nothing to quote ("I can
    teach") counts as no answer.
    """
    floor = intro_score_floor() if floor is None else floor
    ids = [p.id for p in people]
    columns = (AnswerVector.attendee_id, AnswerVector.kind, AnswerVector.text,
               AnswerVector.version, AnswerVector.vector)  # fmt: skip
    stored = {
        (v.attendee_id, v.kind): v
        for v in session.execute(select(*columns).where(AnswerVector.attendee_id.in_(ids)))
    } if ids else {}  # fmt: skip
    sides = {}
    for kind in ("learn", "teach"):
        texts = [getattr(p, kind) or "" for p in people]  # as the embed job stores them
        vectors = np.zeros((len(people), matching.VECTOR_DIM), dtype=np.float32)
        stale = []
        for row, (person, text) in enumerate(zip(people, texts, strict=True)):
            kept = stored.get((person.id, kind))
            if kept is not None and kept.text == text and kept.version == matching.VECTOR_VERSION:
                vectors[row] = np.frombuffer(kept.vector, dtype=np.float32)
            elif text.strip() and (fill is None or person.id in fill):
                stale.append(row)
            else:
                texts[row] = ""  # no vector: no pairs
        if stale:
            vectors[stale] = matching.embed_many([texts[row] for row in stale], lexical=True)
        answered = [bool(spoken_answer(text)) for text in texts]
        sides[kind] = (vectors, np.array(answered, dtype=bool))
    (learn, learns), (teach, teaches) = sides["learn"], sides["teach"]
    return RoomScores(ids, learn, teach, learns, teaches, floor)
