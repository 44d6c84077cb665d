from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.intros.assignment import Intro, match_pairs, objective, per_person


@st.composite
def events(draw, max_people: int = 12):
    """Random events: ids, scores (some NaN), eligibility, K, threshold, past intros."""
    n = draw(st.integers(0, max_people))
    ids = [f"p{i}" for i in range(n)]
    cells = st.one_of(st.floats(-0.2, 1.0), st.just(float("nan")))
    scores = draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=n, max_size=n))
    eligible = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    past = (
        draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4))
        if n
        else []
    )
    return {
        "ids": ids,
        "scores": np.asarray(scores, dtype=float).reshape(n, n),
        "eligible": eligible,
        "max_intros": draw(st.integers(1, 3)),
        "threshold": draw(st.sampled_from([0.0, 0.2, 0.35, 0.6])),
        "introduced": past,
    }


@settings(max_examples=300, deadline=None)
@given(events())
def test_constraints_always_hold(event):
    intros = match_pairs(**event)
    index = {p: i for i, p in enumerate(event["ids"])}
    past = {frozenset(pair) for pair in event["introduced"]}
    directed = [(x.learner_id, x.teacher_id) for x in intros]
    assert len(set(directed)) == len(directed)
    # At most max_intros introductions per person, as learner and teacher together.
    pairs = {frozenset((x.learner_id, x.teacher_id)) for x in intros}
    assert max(per_person(pairs).values(), default=0) <= event["max_intros"]
    for x in intros:
        i, j = index[x.learner_id], index[x.teacher_id]
        assert i != j
        assert event["eligible"][i] and event["eligible"][j]
        assert x.score >= event["threshold"]
        assert x.score == pytest.approx(event["scores"][i, j])
        assert frozenset((x.learner_id, x.teacher_id)) not in past
        # The same two people meet once: both directions only as one mutual intro.
        assert ((x.teacher_id, x.learner_id) in directed) == x.mutual


def exact_optimum(ids, scores, max_intros, threshold):
    """Best objective over every feasible set of intros (small cases only)."""
    n = len(ids)
    edges = [(i, j) for i in range(n) for j in range(n) if i != j and scores[i][j] >= threshold]
    count, chosen, best = [0] * n, set(), [0.0]

    def search(k):
        if k == len(edges):
            intros = [Intro(ids[i], ids[j], scores[i][j], (j, i) in chosen) for i, j in chosen]
            best[0] = max(best[0], objective(intros))
            return
        search(k + 1)
        i, j = edges[k]
        # The reverse of a chosen intro makes it mutual: the same two people, no new count.
        new = (j, i) not in chosen
        if not new or (count[i] < max_intros and count[j] < max_intros):
            for p in (i, j):
                count[p] += new
            chosen.add((i, j))
            search(k + 1)
            chosen.discard((i, j))
            for p in (i, j):
                count[p] -= new

    search(0)
    return best[0]


def test_greedy_is_close_to_the_exact_optimum_on_small_cases():
    rng = np.random.default_rng(6)
    ratios = []
    for _ in range(200):
        n, k = int(rng.integers(2, 6)), int(rng.integers(1, 3))
        scores = rng.random((n, n))
        scores[rng.random((n, n)) < 0.4] = 0.0
        ids = [str(i) for i in range(n)]
        best = exact_optimum(ids, scores.tolist(), k, 0.3)
        got = objective(match_pairs(ids, scores, max_intros=k, threshold=0.3))
        assert got <= best + 1e-9
        ratios.append(got / best if best else 1.0)
    assert min(ratios) >= 0.5
    assert np.mean(ratios) >= 0.97


def test_mutual_pair_comes_first():
    # a and b can teach each other modestly; c is a slightly better teacher for a.
    scores = np.array([[0, 0.5, 0.7], [0.5, 0, 0], [0, 0, 0]])
    intros = match_pairs(["a", "b", "c"], scores, max_intros=1, threshold=0.3)
    assert {(x.learner_id, x.teacher_id, x.mutual) for x in intros} == {
        ("a", "b", True),
        ("b", "a", True),
    }


def test_popular_teacher_does_not_take_every_learner():
    # Everyone wants what t teaches best, but others teach it nearly as well.
    n = 8
    scores = np.full((n, n), 0.6)
    scores[:, 0] = 0.9
    np.fill_diagonal(scores, np.nan)
    intros = match_pairs([f"p{i}" for i in range(n)], scores, max_intros=2)
    taught_by = Counter(x.teacher_id for x in intros)
    assert taught_by["p0"] <= 2
    learners = Counter(x.learner_id for x in intros)
    assert len(learners) == n  # everyone gets an intro before anyone gets a second


def test_threshold_and_consent():
    scores = np.array([[0, 0.9, 0.2], [0.9, 0, 0.9], [0.9, 0.9, 0]])
    intros = match_pairs(["a", "b", "c"], scores, eligible=[True, True, False])
    assert {(x.learner_id, x.teacher_id) for x in intros} == {("a", "b"), ("b", "a")}


def test_nobody_gets_more_than_max_intros_as_learner_and_teacher_together():
    # a learns from b and c and teaches d and e: the old per-side limit gave a four.
    scores = np.full((5, 5), np.nan)
    scores[0, 1] = scores[0, 2] = 0.9  # a learns from b, c
    scores[3, 0] = scores[4, 0] = 0.9  # d, e learn from a
    intros = match_pairs(list("abcde"), scores, max_intros=2)
    pairs = {frozenset((x.learner_id, x.teacher_id)) for x in intros}
    assert per_person(pairs)["a"] == 2
    assert len(intros) == 2


def test_a_mutual_pair_is_one_introduction_for_each():
    scores = np.array([[0, 0.5, 0.9], [0.5, 0, 0], [0, 0.9, 0]])
    intros = match_pairs(["a", "b", "c"], scores, max_intros=1, threshold=0.3)
    assert {(x.learner_id, x.teacher_id) for x in intros} == {("a", "b"), ("b", "a")}


def test_nothing_to_match():
    assert match_pairs([], np.zeros((0, 0))) == []
    assert match_pairs(["a"], [[1.0]]) == []
    assert match_pairs(["a", "b"], [[0, 0.9], [0.9, 0]], introduced=[("b", "a")]) == []
