"""Event-sized rosters: organisations, companions, three skewed attributes; plus live seating.

Run: .venv/bin/python bench/grouping/events.py [--seeds 10] [--write]
"""

import argparse
import platform
import time
import tracemalloc

from common import naive_plan, pct, repeats, write_section
from roster import event_roster

from workers.grouping import Person, feasibility, plan_rounds, seat_late_arrival, table_sizes


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
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
