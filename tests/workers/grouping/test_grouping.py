"""The grouping engine's hard rules, mix, determinism and classic instances."""

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.grouping import Person, plan_round, plan_rounds, table_sizes


def pairs(rounds):
    """Return a Counter of how often each pair sat together."""
    return Counter(frozenset(p) for rnd in rounds for table in rnd for p in combinations(table, 2))


def assert_hard_rules(plan, people, *, capacities=None):
    ids = sorted(p.id for p in people)
    by_id = {p.id: p for p in people}
    for rnd in plan.rounds:
        assert sorted(x for table in rnd for x in table) == ids
        sizes = [len(t) for t in rnd if t]
        assert max(sizes) - min(sizes) <= 1 or capacities is not None
        if capacities is not None:
            assert all(len(t) <= c for t, c in zip(rnd, capacities, strict=True))
        for table in rnd:
            for a, b in combinations(table, 2):
                assert not by_id[a].apart & by_id[b].apart, (a, b)


def orgs(n, sizes):
    """Return keep-apart keys: consecutive people share an org, one org per size."""
    keys, start = [frozenset()] * n, 0
    for i, size in enumerate(sizes):
        for p in range(start, min(start + size, n)):
            keys[p] = frozenset({f"org:{i}"})
        start += size
    return keys


roster = st.integers(min_value=2, max_value=40).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.integers(min_value=2, max_value=6),
        st.lists(st.integers(min_value=2, max_value=4), max_size=4),
        st.integers(min_value=0, max_value=2**16),
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roster, st.integers(min_value=1, max_value=3))
def test_hard_rules_on_random_rosters(case, rounds):
    n, size, org_sizes, seed = case
    tables = len(table_sizes(n, size))
    org_sizes = [min(s, tables) for s in org_sizes]
    people = [Person(str(i), apart=k) for i, k in enumerate(orgs(n, org_sizes))]
    plan = plan_rounds(people, rounds=rounds, table_size=size, seed=seed)
    assert_hard_rules(plan, people)
    # Loose instances (each person meets under a third of the room) must have no repeats.
    if rounds * (size - 1) * 3 <= n - 1 - max(org_sizes, default=0):
        assert plan.metrics["repeat_pairs"] == 0


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=2, max_value=9), min_size=2, max_size=8),
    st.integers(min_value=0, max_value=1000),
)
def test_capacities_are_respected(capacities, seed):
    n = max(2, sum(capacities) - seed % 5)
    people = [Person(f"p{i}") for i in range(n)]
    plan = plan_round(people, capacities=capacities, seed=seed)
    assert_hard_rules(plan, people, capacities=capacities)
    used = [len(t) for t in plan.tables]
    # Tables below capacity are within one of each other: the fill is as even as it can be.
    open_sizes = [z for z, c in zip(used, capacities, strict=True) if 0 < z < c]
    assert not open_sizes or max(open_sizes) - min(open_sizes) <= 1


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=8, max_value=30), st.integers(min_value=0, max_value=99))
def test_history_pairs_do_not_meet_again(n, seed):
    people = [Person(f"p{i}") for i in range(n)]
    first = plan_rounds(people, rounds=2, table_size=3, seed=seed)
    # Two people leave and one arrives late before round 3.
    present = [*people[2:], Person("late")]
    nxt = plan_round(present, first.rounds, table_size=3, seed=seed)
    assert_hard_rules(nxt, present)
    met = pairs(first.rounds)
    again = [p for p in pairs(nxt.rounds) if p in met]
    assert len(again) == nxt.metrics["repeat_pairs"]
    if n >= 13:
        assert again == []


@pytest.mark.parametrize(
    ("tables", "size", "rounds"),
    [(5, 3, 7), (4, 4, 5), (5, 5, 6), (8, 4, 7), (6, 3, 8), (8, 4, 8), (8, 4, 9), (8, 4, 10)],
)
def test_classic_social_golfer_instances_have_no_repeats(tables, size, rounds):
    people = [Person(str(i)) for i in range(tables * size)]
    plan = plan_rounds(people, rounds=rounds, table_size=size, seed=3)
    assert_hard_rules(plan, people)
    assert max(pairs(plan.rounds).values()) == 1
    assert plan.metrics["repeat_pairs"] == 0
    assert plan.infeasible_reason is None


@pytest.mark.parametrize(
    ("tables", "size", "rounds", "repeats", "words"),
    [(4, 5, 2, 4, "only 4 tables"), (6, 6, 4, 2, "36 officers")],
)
def test_infeasible_instances_explain_and_repeat_little(tables, size, rounds, repeats, words):
    people = [Person(str(i)) for i in range(tables * size)]
    plan = plan_rounds(people, rounds=rounds, table_size=size, seed=1)
    assert words in plan.infeasible_reason
    assert plan.infeasible_reason.count(".") == 1
    assert plan.metrics["max_meetings"] == 2  # repeats are spread: nobody meets three times
    if repeats is not None:
        assert plan.metrics["repeat_pairs"] == repeats


@pytest.mark.parametrize(
    ("tables", "size", "rounds"), [(3, 3, 5), (4, 4, 6), (5, 3, 8), (5, 5, 7), (7, 7, 9)]
)
def test_rounds_past_a_complete_design_repeat_exactly_the_bound(tables, size, rounds):
    # Every pair has met once the design is used up: each extra table repeats all its pairs,
    # and each pair meets twice at most.
    people = [Person(str(i)) for i in range(tables * size)]
    plan = plan_rounds(people, rounds=rounds, table_size=size, seed=0)
    assert_hard_rules(plan, people)
    assert plan.metrics["repeat_pairs"] == plan.metrics["repeat_lower_bound"]
    assert plan.metrics["max_meetings"] == 2


def test_same_seed_same_plan_and_other_seed_differs():
    people = [Person(f"p{i}", attributes={"age": "ab"[i % 2]}) for i in range(30)]
    one = plan_rounds(people, rounds=3, table_size=5, seed=7)
    assert plan_rounds(people, rounds=3, table_size=5, seed=7).rounds == one.rounds
    assert plan_rounds(people, rounds=3, table_size=5, seed=8).rounds != one.rounds


@pytest.mark.parametrize("n", [40, 97])
def test_attributes_are_mixed_proportionally(n):
    # A skewed attribute: 60% / 30% / 10%; every table of 5 should hold 3 / 1-2 / 0-1.
    values = ["a"] * (n * 6 // 10) + ["b"] * (n * 3 // 10)
    values += ["c"] * (n - len(values))
    people = [Person(f"p{i}", attributes={"v": v}) for i, v in enumerate(values)]
    plan = plan_rounds(people, rounds=2, table_size=5, seed=0)
    assert plan.metrics["mix"] == {"v": 1.0}
    share = {v: values.count(v) / n for v in "abc"}
    for rnd in plan.rounds:
        for table in rnd:
            got = Counter(values[int(x[1:])] for x in table)
            for v in "abc":
                assert abs(got[v] - share[v] * len(table)) < 1


def test_metrics_match_a_recount():
    apart = [frozenset({"org:x"})] * 2 + [frozenset()] * 7
    people = [Person(f"p{i}", apart=a) for i, a in enumerate(apart)]
    history = [[["p0", "p2", "p4"], ["p1", "p3", "p5"], ["p6", "p7", "p8"]]]
    plan = plan_rounds(people, history, rounds=4, table_size=3, seed=2)
    before = pairs(history)
    seen = Counter(before)
    repeats = 0
    for rnd in plan.rounds:
        for table in rnd:
            for pair in map(frozenset, combinations(table, 2)):
                repeats += seen[pair] > 0
                seen[pair] += 1
    met = {p.id: set() for p in people}
    for pair in pairs(plan.rounds):
        if pair not in before:
            a, b = pair
            met[a].add(b)
            met[b].add(a)
    assert plan.metrics["repeat_pairs"] == repeats
    assert plan.metrics["max_meetings"] == max(seen.values())
    assert plan.metrics["min_new_people"] == min(len(s) for s in met.values())
    assert plan.metrics["apart_violations"] == 0
    assert plan.metrics["table_sizes"] == {"3": 3}


def test_small_tables_rotate():
    people = [Person(f"p{i}") for i in range(22)]  # tables 5, 5, 4, 4, 4: 12 small seats
    plan = plan_rounds(people, rounds=4, table_size=5, seed=0)
    small = Counter(x for rnd in plan.rounds for t in rnd if len(t) < 5 for x in t)
    assert sum(small.values()) == 48
    assert max(small.values()) <= 3  # 48 small seats over 22 people: nobody more than 3 times
    assert plan.metrics["max_small_table_rounds"] == max(small.values())


def test_empty_and_single_person():
    assert plan_round([], table_size=4).tables == []
    assert plan_round([Person("solo")], table_size=4).tables == [["solo"]]
    with pytest.raises(ValueError, match="distinct"):
        plan_round([Person("a"), Person("a")], table_size=4)


def test_eleven_rounds_of_thirty_two_repeat_the_bound_and_no_pair_three_times():
    # A repeat-free 8-4-10 leaves each person one partner unmet; the 11th round seats two
    # such unmet pairs at each table: 8 tables x 4 old pairs = 32, the counting bound.
    people = [Person(str(i)) for i in range(32)]
    plan = plan_rounds(people, rounds=11, table_size=4, seed=5)
    assert_hard_rules(plan, people)
    assert plan.metrics["repeat_pairs"] == plan.metrics["repeat_lower_bound"] == 32
    assert plan.metrics["max_meetings"] == 2


def learn_teach_room(n=30):
    """Return 30 people (three orgs of 3, three ages) and 10 pairs: p0-p4 teach two each."""
    ages = ["18-34", "35-54", "55+"]
    people = [
        Person(
            f"p{i}",
            apart=frozenset({f"org:{i // 3}"}) if i < 9 else frozenset(),
            attributes={"age": ages[i % 3]},
        )
        for i in range(n)
    ]
    return people, [(f"p{10 + k}", f"p{k // 2}") for k in range(10)]


def seated_together(rounds, pairs):
    return {(a, b) for a, b in pairs for rnd in rounds for t in rnd if a in t and b in t}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_complementary_pairs_share_a_table(seed):
    people, given = learn_teach_room()
    plan = plan_rounds(people, rounds=3, table_size=5, seed=seed, pairs=given)
    assert_hard_rules(plan, people)
    assert plan.metrics["repeat_pairs"] == plan.metrics["apart_violations"] == 0
    met = seated_together(plan.rounds, given)
    assert len(met) >= 8
    assert plan.metrics["pairs_met"] == len(met)
    with_pair = sum(bool(seated_together([[t]], given)) for rnd in plan.rounds for t in rnd)
    assert plan.metrics["tables_with_pair"] == round(with_pair / 18, 4)


def test_same_seed_same_plan_with_pairs():
    people, given = learn_teach_room()
    one = plan_rounds(people, rounds=3, table_size=5, seed=4, pairs=given)
    assert plan_rounds(people, rounds=3, table_size=5, seed=4, pairs=given).rounds == one.rounds


def test_pairs_met_before_or_kept_apart_or_absent_change_nothing():
    people, _ = learn_teach_room()
    history = [[[f"p{i}" for i in range(t, 30, 6)] for t in range(6)]]
    met_before = [("p6", "p0"), ("p12", "p0")]  # tables of round 1: p0, p6, p12, p18, p24
    colleagues = [("p1", "p2"), ("p3", "p5")]  # org:0 and org:1
    absent = [("p1", "nobody"), ("p7", "p7")]
    plain = plan_rounds(people, history, rounds=2, table_size=5, seed=1)
    plan = plan_rounds(
        people, history, rounds=2, table_size=5, seed=1, pairs=met_before + colleagues + absent
    )
    assert plan.rounds == plain.rounds  # nothing left to chase: today's plan exactly
    assert plan.metrics["pairs_met"] == 2
    assert plain.metrics["pairs_met"] == plain.metrics["tables_with_pair"] == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roster, st.integers(min_value=1, max_value=3), st.data())
def test_hard_rules_hold_with_pairs(case, rounds, data):
    n, size, org_sizes, seed = case
    tables = len(table_sizes(n, size))
    org_sizes = [min(s, tables) for s in org_sizes]
    people = [Person(str(i), apart=k) for i, k in enumerate(orgs(n, org_sizes))]
    ids = st.integers(min_value=0, max_value=n - 1).map(str)
    given = data.draw(st.lists(st.tuples(ids, ids), max_size=2 * n))
    plan = plan_rounds(people, rounds=rounds, table_size=size, seed=seed, pairs=given)
    assert_hard_rules(plan, people)
    if rounds * (size - 1) * 3 <= n - 1 - max(org_sizes, default=0):
        assert plan.metrics["repeat_pairs"] == 0
    assert plan.metrics["pairs_met"] == len(
        {frozenset(p) for p in seated_together(plan.rounds, given) if p[0] != p[1]}
    )


def test_a_room_with_more_pairs_than_people_seats_them_from_the_greedy_start():
    # No glue with pairs everywhere (a learn/teach roster): the greedy start draws them.
    people = [Person(f"p{i}", attributes={"age": "ab"[i % 2]}) for i in range(300)]
    given = [(f"p{i}", f"p{(i + k) % 300}") for i in range(300) for k in (7, 11)]
    plain = plan_rounds(people, rounds=2, table_size=6, seed=0)
    plan = plan_rounds(people, rounds=2, table_size=6, seed=0, pairs=given)
    assert plan.metrics["repeat_pairs"] == 0
    before = sum(bool(seated_together([[t]], given)) for rnd in plain.rounds for t in rnd) / 100
    assert plan.metrics["tables_with_pair"] >= 2 * before
