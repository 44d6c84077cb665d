"""Tabu search over planned rounds: swap two people at different tables of one round."""

from collections.abc import Callable, Sequence

import numpy as np

from workers.grouping.mix import Spread, counts, penalty

QUICK_PAST = 64  # people: see `Search.quick`


class Search:
    """Seats of several rounds with incremental costs; `improve` runs the tabu search.

    The hard cost sums, over pairs, C(m, 2) - C(h, 2) where m counts meetings including the
    plan and h those before it; keep-apart pairs start with a large h, so seating them
    together costs far more than any repeat. Soft costs are the mix and small-table counts.
    People `glued` in a round (a complementary pair seated together before the search, see
    `workers.grouping.pairs`) keep their seats there: the others move around them.
    """

    def __init__(
        self,
        base: np.ndarray,
        sizes: Sequence[int],
        seats: np.ndarray,
        spreads: Sequence[Spread],
        small_before: np.ndarray,
        rng: np.random.Generator,
        frozen: int = 0,
        glued: np.ndarray | None = None,
    ) -> None:
        self.base = base
        self.sizes = np.asarray(sizes, dtype=np.int64)
        self.spreads = list(spreads)
        self.small_before = small_before
        self.rng = rng
        self.frozen = frozen
        self.glued = glued  # (rounds, people) bool, or None
        # Around glued pairs in a large room, what one restart cannot fix is a last unit of
        # mix they hold in place: more restarts took seconds for it (250 people: 2.6 s a
        # round, not 1 s). Small rooms are cheap to search hard, and gain mix from it.
        self.quick = glued is not None and len(seats[0]) > QUICK_PAST
        used = self.sizes[self.sizes > 0]
        self.is_small = (self.sizes < used.max()).astype(np.int64) if used.size else self.sizes
        rounds = len(seats)
        self.w_small = 1
        self.w_mix = 2 * rounds + 3
        self.w_hard = self.w_mix * (4 * len(self.spreads) + 1) + 2 * rounds + 3
        self._load(np.array(seats, dtype=np.int64))

    def _load(self, seats: np.ndarray) -> None:
        self.seats = seats
        n = seats.shape[1]
        self.people = np.arange(n)
        self.meet = self.base.copy()
        self.members, self.slot = [], []
        width = int(self.sizes.max()) if self.sizes.size else 0
        for row in seats:
            order = np.argsort(row, kind="stable")
            start = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))
            slot = np.empty(n, dtype=np.int64)
            slot[order] = np.arange(n) - start[row[order]]
            members = np.full((len(self.sizes), width), -1, dtype=np.int64)
            members[row, slot] = self.people
            self.members.append(members)
            self.slot.append(slot)
            together = row[:, None] == row[None, :]
            np.fill_diagonal(together, False)
            self.meet += together
        self.count = [[counts(sp, row) for row in seats] for sp in self.spreads]
        self.small = self.small_before + self.is_small[seats].sum(0)
        self.hard = self._hard_cost()
        self.mix = sum(int(penalty(c, sp.low, sp.high).sum()) for sp, cs in self._zip() for c in cs)
        self.cost = self.w_hard * self.hard + self.w_mix * self.mix + self._small_cost()

    def _zip(self) -> list[tuple[Spread, list[np.ndarray]]]:
        return list(zip(self.spreads, self.count, strict=True))

    def _hard_cost(self) -> int:
        planned = self.meet - self.base
        return int(((planned * self.base).sum() + (planned * (planned - 1) // 2).sum()) // 2)

    def _small_cost(self) -> int:
        return self.w_small * int((self.small**2).sum())

    def own(self, r: int) -> np.ndarray:
        """Return each person's conflict with their tablemates in round r (0 = none)."""
        mates = self.members[r][self.seats[r]]
        valid = (mates >= 0) & (mates != self.people[:, None])
        values = self.meet[self.people[:, None], np.where(valid, mates, 0)]
        return np.where(valid, values - 1, 0).sum(1)

    def deltas(self, r: int, cands: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Return the cost change of swapping each candidate with each person (inf: not allowed)."""
        seat = self.seats[r]
        home = seat[cands]  # (k,)
        mates = self.members[r][home]  # (k, width)
        mates = np.where(mates == cands[:, None], -1, mates)
        valid = mates >= 0
        safe = np.where(valid, mates, 0)
        rows = self.meet[cands]  # (k, n)
        if len(cands) > 1:
            tables = rows @ self._onehot(seat)
        else:
            tables = np.bincount(seat, weights=rows[0], minlength=len(self.sizes))[None, :]
        join_home = (self.meet[safe] * valid[:, :, None]).sum(1)  # (k, n)
        leave = (np.take_along_axis(rows, safe, 1) - 1) * valid
        hard = tables[:, seat] - rows + join_home - own[None, :] - leave.sum(1)[:, None]
        delta = self.w_hard * hard
        for sp, cs in self._zip():
            delta += self.w_mix * self._mix_delta(sp, cs[r], seat, cands)
        step = self.is_small[seat][None, :] - self.is_small[home][:, None]
        gap = self.small[cands][:, None] - self.small[None, :]
        delta += self.w_small * (2 * step * gap + 2 * step * step)
        delta[seat[None, :] == home[:, None]] = np.inf
        if self.glued is not None:
            stay = self.glued[r]
            delta[:, stay] = np.inf
            delta[stay[cands], :] = np.inf
        return delta

    def _onehot(self, seat: np.ndarray) -> np.ndarray:
        onehot = np.zeros((len(seat), len(self.sizes)))
        onehot[self.people, seat] = 1.0
        return onehot

    @staticmethod
    def _mix_delta(sp: Spread, count: np.ndarray, seat: np.ndarray, cands: np.ndarray):
        low, high = sp.low, sp.high
        va, vb = sp.values[cands][:, None], sp.values[None, :]
        home, away = seat[cands][:, None], seat[None, :]

        def change(t: np.ndarray, v: np.ndarray, by: int) -> np.ndarray:
            c = count[t, v]
            return penalty(c + by, low[t, v], high[t, v]) - penalty(c, low[t, v], high[t, v])

        delta = change(home, va, -1) + change(home, vb, 1) + change(away, vb, -1)
        delta = delta + change(away, va, 1)
        return np.where(vb == va, 0, delta)

    def swap(self, r: int, a: int, b: int, delta: float) -> None:
        """Swap a and b in round r and update every incremental structure."""
        seat, members, slot, meet = self.seats[r], self.members[r], self.slot[r], self.meet
        ta, tb = seat[a], seat[b]
        ma = members[ta][(members[ta] >= 0) & (members[ta] != a)]
        mb = members[tb][(members[tb] >= 0) & (members[tb] != b)]
        for x, leave, join in ((a, ma, mb), (b, mb, ma)):
            meet[x, leave] -= 1
            meet[leave, x] -= 1
            meet[x, join] += 1
            meet[join, x] += 1
        members[ta, slot[a]], members[tb, slot[b]] = b, a
        slot[a], slot[b] = slot[b], slot[a]
        seat[a], seat[b] = tb, ta
        for sp, cs in self._zip():
            count = cs[r]
            count[ta, sp.values[a]] -= 1
            count[ta, sp.values[b]] += 1
            count[tb, sp.values[b]] -= 1
            count[tb, sp.values[a]] += 1
        step = self.is_small[tb] - self.is_small[ta]
        self.small[a] += step
        self.small[b] -= step
        self.cost += int(delta)

    def improve(
        self,
        max_iters: int,
        hard_target: int = 0,
        patience: int = 400,
        progress: Callable[[float], None] | None = None,
    ) -> None:
        """Run tabu search until the plan is perfect or the iteration budget is spent."""
        rounds = list(range(self.frozen, len(self.seats)))
        if not rounds or max_iters <= 0:
            return
        tabu = np.zeros((len(self.seats), len(self.people)), dtype=np.int64)
        best_cost, best_seats, since, stale = self.cost, self.seats.copy(), 0, 0
        for it in range(1, max_iters + 1):
            if progress and it % 500 == 0:
                progress(it / max_iters)
            picked = self._pick(rounds, hard_target)
            if picked is None:
                break
            r, cands, own = picked
            delta = self.deltas(r, cands, own)
            free = tabu[r] < it
            allowed = (free[cands][:, None] & free[None, :]) | (self.cost + delta < best_cost)
            delta = np.where(allowed, delta, np.inf)
            low = delta.min()
            if not np.isfinite(low):  # every move here is tabu, or of glued people
                since += 1
                stale += 1
                continue
            i, b = np.nonzero(delta == low)
            pick = int(self.rng.integers(len(i)))
            a, b = int(cands[i[pick]]), int(b[pick])
            self.swap(r, a, b, low)
            tabu[r, a] = tabu[r, b] = it + int(self.rng.integers(2, 12))
            if self.cost < best_cost:
                best_cost, best_seats, since, stale = self.cost, self.seats.copy(), 0, 0
            else:
                since += 1
                stale += 1
            if stale > (patience if self.quick else 4 * patience):
                break  # several restarts from the best found nothing better
            if since > patience:
                self._load(best_seats.copy())
                self._kick(rounds)
                since = 0
        if self.cost > best_cost:
            self._load(best_seats)

    def _pick(self, rounds: list[int], hard_target: int):
        hard_done = self._hard_now() <= hard_target
        fair = self.small.max() - self.small.min() <= 1
        if hard_done and self.mix == 0 and fair:
            return None
        owns = {r: self.own(r) for r in rounds}
        clash = [r for r in rounds if owns[r].any()]
        if clash and (not hard_done or self.rng.random() < 0.5 or (not self.mix and fair)):
            r = clash[int(self.rng.integers(len(clash)))]
            return r, self._sample(np.flatnonzero(owns[r] > 0)), owns[r]
        bad = {}
        for r in rounds:
            mask = np.zeros(len(self.sizes), dtype=bool)
            for sp, cs in self._zip():
                mask |= penalty(cs[r], sp.low, sp.high).any(1)
            if mask.any():
                bad[r] = np.flatnonzero(mask[self.seats[r]])
            elif not fair:  # people who sat at the small tables most often, at one now
                most = (self.small == self.small.max()) & (self.is_small[self.seats[r]] > 0)
                if most.any():
                    bad[r] = np.flatnonzero(most)
        if not bad:
            return None
        r = list(bad)[int(self.rng.integers(len(bad)))]
        return r, self._sample(bad[r]), owns[r]

    def _sample(self, cands: np.ndarray) -> np.ndarray:
        # Evaluate every candidate on small rooms; a sample keeps each step cheap on large ones.
        most = max(4, min(64, 12_000 // len(self.people)))
        if len(cands) <= most:
            return cands
        return np.sort(self.rng.choice(cands, size=most, replace=False))

    def hard_cost(self) -> int:
        """The hard cost of the seats as they are (repeats and keep-apart pairs together)."""
        return self._hard_now()

    def _hard_now(self) -> int:
        return (self.cost - self._small_cost() - self.w_mix * self._mix_now()) // self.w_hard

    def _mix_now(self) -> int:
        self.mix = sum(int(penalty(c, sp.low, sp.high).sum()) for sp, cs in self._zip() for c in cs)
        return self.mix

    def _kick(self, rounds: list[int]) -> None:
        for _ in range(max(2, len(self.people) // 20)):
            r = int(self.rng.choice(list(rounds)))
            a, b = (int(x) for x in self.rng.choice(len(self.people), size=2, replace=False))
            if self.seats[r][a] != self.seats[r][b]:
                delta = self.deltas(r, np.array([a]), self.own(r))
                if np.isfinite(delta[0, b]):  # a glued person keeps their seat
                    self.swap(r, a, b, delta[0, b])
