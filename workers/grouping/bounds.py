"""How many rounds can avoid repeat meetings, and why not more: fast counting arguments."""

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

UNLIMITED = 10**9


@dataclass(frozen=True)
class Bounds:
    """Upper bound on repeat-free rounds, lower bound on repeats, and the host's explanation."""

    repeat_free_rounds: int
    repeat_lower_bound: int
    reason: str | None


def feasibility(
    sizes: Sequence[int],
    rounds: int,
    *,
    blocked_degree: Sequence[int] | None = None,
    blocked_pairs: int = 0,
    largest_clique: int = 0,
    largest_apart: tuple[str, int] | None = None,
) -> Bounds:
    """Bound the repeat-free rounds for these table sizes, given pairs already met or apart."""
    sizes = [z for z in sizes if z > 0]
    n = sum(sizes)
    fresh = blocked_pairs == 0
    degree = list(blocked_degree) if blocked_degree is not None else [0] * n
    limits = _limits(sizes, degree, blocked_pairs, largest_clique, fresh)
    bound, why = min(limits, key=lambda lw: lw[0]) if limits else (UNLIMITED, "")
    reason = None
    lower = 0
    if rounds > bound:
        plural = "" if bound == 1 else "s"
        reason = f"At most {bound} round{plural} can avoid repeat meetings: {why}."
        if bound == 0:  # planning a round after others: say it of this round
            reason = f"Some repeat meetings cannot be avoided this round: {why}."
        lower = max(1, _repeat_lower_bound(sizes, rounds, degree, blocked_pairs))
        if fresh and sizes == [6] * 6:
            # A 4th round's tables without a repeat are disjoint transversals of the Latin
            # square the first 3 make; 5 would force a 6th, an orthogonal mate: so 2 repeat.
            lower = max(lower, 2)
    if largest_apart and largest_apart[1] > len(sizes):
        key, count = largest_apart
        split = (
            f"The {count} people marked '{key}' cannot all be kept apart at only "
            f"{len(sizes)} tables."
        )
        reason = f"{reason} {split}" if reason else split
    return Bounds(bound, lower, reason)


def _limits(
    sizes: list[int], degree: list[int], blocked_pairs: int, largest_clique: int, fresh: bool
) -> list[tuple[int, str]]:
    n, tables = sum(sizes), len(sizes)
    if n < 2 or max(sizes) < 2:
        return []
    limits = []
    met = min(sizes) - 1
    if met > 0:
        worst = max(degree, default=0)
        if fresh:
            why = f"each person meets {met} new people per round and there are only {n - 1} others"
        else:
            why = (
                f"someone has already met or must avoid {worst} of the {n - 1} others "
                f"and meets {met} new people per round"
            )
        limits.append(((n - 1 - worst) // met, why))
    per_round = sum(comb(z, 2) for z in sizes)
    free = comb(n, 2) - blocked_pairs
    pairs = "pairs of people" if fresh else "pairs who have not met yet"
    why = f"each round seats {per_round} pairs and there are only {free} {pairs}"
    limits.append((free // per_round, why))
    if largest_clique > tables:
        why = (
            f"{largest_clique} people who already sat together cannot be split over {tables} tables"
        )
        limits.append((0, why))
    elif max(sizes) > tables:
        why = (
            f"with only {tables} tables, a table of {max(sizes)} must seat two people "
            "who sat together in the round before"
        )
        limits.append((1, why))
    if fresh and tables == sizes[0] == sizes[-1] and len(set(sizes)) == 1:
        limits.extend(_latin_square_limits(tables))
    return limits


def _latin_square_limits(s: int) -> list[tuple[int, str]]:
    # s tables of s: s + 1 rounds need an affine plane of order s, which some orders lack.
    if s == 6:
        why = (
            "with 6 tables of 6 that is Euler's 36 officers problem, which has no solution, "
            "and in a 4th round at least 2 tables seat two people who met before"
        )
        return [(3, why)]
    if s == 10:
        return [(9, "no finite projective plane of order 10 exists (Lam, 1989)")]
    if s % 4 in (1, 2) and not _sum_of_two_squares(s):
        return [(s - 1, f"no finite projective plane of order {s} exists (Bruck-Ryser theorem)")]
    return []


def _sum_of_two_squares(n: int) -> bool:
    return any(round((n - a * a) ** 0.5) ** 2 == n - a * a for a in range(int(n**0.5) + 1))


def _repeat_lower_bound(
    sizes: list[int], rounds: int, degree: list[int], blocked_pairs: int
) -> int:
    n, tables = sum(sizes), len(sizes)
    met = min(sizes) - 1
    forced = sum(max(0, rounds * met - (n - 1 - d)) for d in degree)
    by_person = (forced + 1) // 2
    by_pairs = rounds * sum(comb(z, 2) for z in sizes) - (comb(n, 2) - blocked_pairs)
    by_pigeonhole = 0
    if max(sizes) > tables:
        # A table of z drawn from the previous round's tables holds at least this many old pairs.
        per_round = sum(_spread_pairs(z, tables) for z in sizes)
        by_pigeonhole = (rounds - 1) * per_round
    return max(by_person, by_pairs, by_pigeonhole, 0)


def _spread_pairs(z: int, groups: int) -> int:
    q, r = divmod(z, groups)
    return r * comb(q + 1, 2) + (groups - r) * comb(q, 2)
