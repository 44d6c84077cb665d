"""Event-sized rosters: organisations, companions, three skewed attributes; plus live seating.

Run: .venv/bin/python bench/grouping/events.py [--seeds 10] [--write]
     .venv/bin/python bench/grouping/events.py --pairs [--seeds 10] [--write]  (learn/teach)
"""

import argparse
import datetime
import platform
import statistics
import time
import tracemalloc

from common import naive_plan, pct, repeats, write_section
from roster import event_roster, learn_teach_pairs, some_pairs

from workers.grouping import (
    Person,
    feasibility,
    plan_round,
    plan_rounds,
    seat_late_arrival,
    table_sizes,
)


def big(n: int, size: int, seeds: int, memory: bool) -> str:
    times, worst_mix, reps, apart, base_reps, base_apart, base_times = [], [], [], [], [], [], []
    peak = 0.0
    for seed in range(seeds):
        people = event_roster(n, seed)
        started = time.perf_counter()
        plan = plan_rounds(people, rounds=5, table_size=size, seed=seed)
        times.append(time.perf_counter() - started)
        if memory and seed == 0:  # a second, untimed run: tracemalloc slows numpy down
            tracemalloc.start()
            plan_rounds(people, rounds=5, table_size=size, seed=seed)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        m = plan.metrics
        reps.append(m["repeat_pairs"])
        apart.append(m["apart_violations"])
        worst_mix.append(min(v for k, v in m["mix"].items() if k != "known"))
        started = time.perf_counter()
        naive = naive_plan([p.id for p in people], table_sizes(n, size), 5, seed)
        base_times.append(time.perf_counter() - started)
        base_reps.append(repeats(naive))
        keys = {p.id: p.apart for p in people}
        base_apart.append(
            sum(
                bool(keys[a] & keys[b])
                for rnd in naive
                for t in rnd
                for i, a in enumerate(t)
                for b in t[i + 1 :]
            )
        )
    mem = f"{peak:.0f}" if memory else "-"
    return (
        f"| N={n}, tables of {size}, 5 rounds | {seeds} | {max(reps)} | {max(apart)} | "
        f"{min(worst_mix):.3f} | {pct(times, 0.5):.2f} | {pct(times, 0.95):.2f} | {mem} | "
        f"{pct(base_reps, 0.5)} / {pct(base_apart, 0.5)} / {pct(base_times, 0.5):.2f} |"
    )


def small(n: int, size: int) -> str:
    people = [Person(f"p{i}") for i in range(n)]
    sizes = table_sizes(n, size)
    bound = feasibility(sizes, 1).repeat_free_rounds
    best, w, slowest = 0, 1, 0.0
    started = time.perf_counter()
    while w <= bound:
        began = time.perf_counter()
        plan = plan_rounds(people, rounds=w, table_size=size, seed=0)
        slowest = max(slowest, time.perf_counter() - began)
        if plan.metrics["repeat_pairs"]:
            break
        best, w = w, w + 1
    naive = 0
    while naive < bound and not repeats(naive_plan([p.id for p in people], sizes, naive + 1, 0)):
        naive += 1
    total = time.perf_counter() - started
    return f"| {n} | {size} | {best} | {bound} | {naive} | {slowest:.1f} | {total:.1f} |"


def live(n: int, trials: int) -> str:
    people = event_roster(n, 0)
    plan = plan_rounds(people, rounds=2, table_size=5, seed=0)
    by_id = {p.id: p for p in people}
    tables = [[by_id[x] for x in t] for t in plan.rounds[1]]
    times, placed = [], 0
    for i in range(trials):
        late = Person(f"late{i}", attributes={"age": "25-34"})
        started = time.perf_counter()
        t = seat_late_arrival(late, tables, plan.rounds[:1], table_size=5)
        times.append(time.perf_counter() - started)
        if t is not None:
            tables[t].append(late)
            placed += 1
    return (
        f"Live: {trials} late arrivals seated one by one into round 2 of N={n} "
        f"(history: round 1): {placed} seated, time p50 {pct(times, 0.5) * 1000:.1f} ms, "
        f"p95 {pct(times, 0.95) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms."
    )


def together(rounds: list, pairs: list[tuple[str, str]]) -> tuple[int, float]:
    """Return the distinct pairs seated together and the share of tables with one."""
    wanted = {frozenset(p) for p in pairs}
    met, tables, hits = set(), 0, 0
    for rnd in rounds:
        for table in rnd:
            here = {frozenset((a, b)) for a in table for b in table if a < b} & wanted
            met |= here
            tables += bool(table)
            hits += bool(here)
    return len(met), hits / max(tables, 1)


def compare(people: list[Person], pairs: list, rounds: int, size: int, seed: int, runs: dict):
    """Plan with today's engine (no pairs) and with pairs; add each one's numbers to runs."""
    for name, given in (("today", ()), ("pairs", pairs)):
        started = time.perf_counter()
        plan = plan_rounds(people, rounds=rounds, table_size=size, seed=seed, pairs=given)
        run = runs.setdefault(name, {k: [] for k in ("met", "share", "t", "rep", "apart", "mix")})
        run["t"].append(time.perf_counter() - started)
        met, share = together(plan.rounds, pairs)
        run["met"].append(met)
        run["share"].append(share)
        run["rep"].append(plan.metrics["repeat_pairs"])
        run["apart"].append(plan.metrics["apart_violations"])
        run["mix"].append(min(plan.metrics["mix"].values(), default=1.0))


def pairs_room(n: int, seeds: int) -> str:
    """Ten complementary pairs in a room of n, 3 rounds: today's engine (no pairs) vs pairs."""
    runs: dict[str, dict[str, list]] = {}
    for seed in range(seeds):
        # Organisations no larger than the table count, so keeping them apart is possible.
        people = event_roster(n, seed, largest_org=n // 5)
        compare(people, some_pairs(people, 10, seed), 3, 5, seed, runs)
    a, b = runs["today"], runs["pairs"]
    return (
        f"| N={n}, tables of 5, 3 rounds, 10 pairs | {seeds} | "
        f"{statistics.median(a['met']):g} / {min(a['met'])} | "
        f"{statistics.median(b['met']):g} / {min(b['met'])} | "
        f"{sum(m >= 8 for m in b['met'])}/{seeds} | {max(a['rep'])} / {max(b['rep'])} | "
        f"{max(a['apart'])} / {max(b['apart'])} | "
        f"{statistics.mean(a['mix']):.3f} / {statistics.mean(b['mix']):.3f} | "
        f"{pct(a['t'], 0.5):.2f} / {pct(b['t'], 0.5):.2f} |"
    )


def pairs_by_round(n: int, count: int, seeds: int) -> str:
    """Round by round, as the rounds job plans (`plan_round` with the rounds before as
    history), three rounds: today's engine (no pairs) vs pairs."""
    runs: dict[str, dict[str, list]] = {}
    for seed in range(seeds):
        people = event_roster(n, seed, largest_org=n // 5)
        pairs = some_pairs(people, count, seed)
        for name, given in (("today", ()), ("pairs", pairs)):
            run = runs.setdefault(name, {k: [] for k in ("met", "t", "rep", "mix")})
            history: list = []
            for k in range(1, 4):
                started = time.perf_counter()
                plan = plan_round(people, history, table_size=5, seed=seed * 10 + k, pairs=given)
                run["t"].append(time.perf_counter() - started)
                run["rep"].append(plan.metrics["repeat_pairs"])
                run["mix"].append(min(plan.metrics["mix"].values(), default=1.0))
                history.append(plan.rounds[0])
            run["met"].append(together(history, pairs)[0])
    a, b = runs["today"], runs["pairs"]
    return (
        f"| N={n}, {count} pairs | {seeds} | {statistics.median(a['met']):g} / {min(a['met'])} | "
        f"{statistics.median(b['met']):g} / {min(b['met'])} | {max(a['rep'])} / {max(b['rep'])} | "
        f"{statistics.mean(a['mix']):.3f} / {statistics.mean(b['mix']):.3f} | "
        f"{pct(a['t'], 0.5):.2f} / {pct(b['t'], 0.5):.2f} | {max(a['t']):.2f} / {max(b['t']):.2f} |"
    )


def pairs_big(n: int, size: int, seeds: int) -> str:
    """A learn/teach roster of n over 5 rounds: tables with a pair, today's engine vs pairs."""
    runs: dict[str, dict[str, list]] = {}
    counts = []
    for seed in range(seeds):
        people = event_roster(n, seed)
        pairs = learn_teach_pairs(people, 40, seed)
        counts.append(len(pairs))
        compare(people, pairs, 5, size, seed, runs)
    a, b = runs["today"], runs["pairs"]
    ratios = [y / x for x, y in zip(a["share"], b["share"], strict=True)]
    return (
        f"| N={n}, tables of {size}, 5 rounds | {seeds} | {statistics.mean(counts):.0f} | "
        f"{pct(a['share'], 0.5):.3f} | {pct(b['share'], 0.5):.3f} | {min(ratios):.2f} | "
        f"{pct(a['t'], 0.5):.2f} / {pct(a['t'], 0.95):.2f} | "
        f"{pct(b['t'], 0.5):.2f} / {pct(b['t'], 0.95):.2f} | {max(a['rep'])} / {max(b['rep'])} | "
        f"{max(a['apart'])} / {max(b['apart'])} | {min(a['mix']):.3f} / {min(b['mix']):.3f} |"
    )


def pairs_main(seeds: int, write: bool) -> None:
    rooms = [
        "| room | seeds | pairs met of 10, today: median / min | with pairs: median / min | "
        "seeds with >= 8 | repeats max today / pairs | apart violations max today / pairs | "
        "worst mix, mean over seeds, today / pairs | time p50 s today / pairs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n in (30, 40):
        rooms.append(pairs_room(n, seeds))
        print(rooms[-1], flush=True)
    by_round = [
        "| room, 3 rounds | seeds | pairs met, today: median / min | with pairs: median / min | "
        "repeats max today / pairs | worst mix, mean over rounds, today / pairs | "
        "time a round p50 s today / pairs | slowest round s today / pairs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, count in ((30, 10), (40, 10), (100, 33), (250, 83), (300, 100)):
        by_round.append(pairs_by_round(n, count, seeds))
        print(by_round[-1], flush=True)
    bigs = [
        "| roster | seeds | pairs (mean) | tables with >= 1 pair, today p50 | with pairs p50 | "
        "ratio pairs / today, worst seed | time p50 / p95 s today | time p50 / p95 s pairs | "
        "repeats max today / pairs | apart violations max today / pairs | "
        "worst mix, worst seed, today / pairs |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in (250, 1000):
        bigs.append(pairs_big(n, 5, seeds))
        print(bigs[-1], flush=True)
    text = "\n".join(
        [
            "Command: `.venv/bin/python bench/grouping/events.py --pairs --write` "
            f"({datetime.date.today()}, CPython {platform.python_version()}, 2 cores, shared "
            "with another engineer's test runs, so times are noisy). Today's engine is the same "
            "code called without `pairs`, in the same run, on the same rosters and seeds.",
            "",
            "Rooms of 30 and 40: the event rosters above with organisations no larger than the "
            "table count, and 10 random complementary pairs (a person may be in several; none "
            "of two colleagues or companions):",
            "",
            *rooms,
            "",
            "Round by round, as the rounds job plans (`plan_round`, the rounds before as "
            "history), the same rosters with organisations no larger than the table count; "
            "ten random pairs at 30 and 40, a third as many pairs as people from 100 on:",
            "",
            *by_round,
            "",
            "N=250 and N=1,000: the event roster above; each person learns one of 40 topics "
            "(uniform) and teaches another, a pair is a learner and a teacher of the same topic "
            "(pairs of colleagues or companions left out). Share of planned tables seating at "
            "least one pair:",
            "",
            *bigs,
        ]
    )
    if write:
        write_section(f"Learn/teach pairs ({datetime.date.today()})", text)
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--pairs", action="store_true", help="only the learn/teach rows")
    args = parser.parse_args()
    if args.pairs:
        pairs_main(args.seeds, args.write)
        return
    lines = [
        "| roster | seeds | repeats max | keep-apart violations max | worst share of proportional "
        "tables (any attribute, any seed) | time p50 s | time p95 s | peak MB (seed 0) | "
        "naive baseline: repeats / apart violations / time s (p50) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, size, seeds in [(1000, 5, args.seeds), (2000, 6, max(3, args.seeds // 2))]:
        lines.append(big(n, size, seeds, memory=True))
        print(lines[-1], flush=True)
    smalls = [
        "| N | table size | repeat-free rounds found | upper bound | naive baseline | "
        "slowest plan s | seconds, all plans |",
        "|---|---|---|---|---|---|---|",
    ]
    for n in (20, 23, 30, 37, 50, 99, 150):
        for size in (4, 5, 6):
            smalls.append(small(n, size))
            print(smalls[-1], flush=True)
    live_line = live(1000, 50)
    print(live_line)
    text = "\n".join(
        [
            "Command: `.venv/bin/python bench/grouping/events.py --write` "
            f"(CPython {platform.python_version()}, 2 cores, shared with another engineer's test "
            "runs, so times are noisy). Rosters: organisations of Zipf-like sizes 2-40 covering "
            "30%, companion pairs 10%, attributes of 5, 8 and 2 values (skewed), a 'known' answer. "
            "Peak memory is tracemalloc's peak of Python and numpy allocations during one plan.",
            "",
            *lines,
            "",
            "Small rooms, no constraints: the most rounds in a row planned with zero repeats "
            "(seed 0; rounds = 1, 2, ... until a repeat, each a fresh plan) against the counting "
            "upper bound; 'slowest plan' is the longest single plan of that loop:",
            "",
            *smalls,
            "",
            live_line,
        ]
    )
    if args.write:
        write_section("Events", text)
    print(text)


if __name__ == "__main__":
    main()
