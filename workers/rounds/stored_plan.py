"""The next round's plan as the host's preview showed it, kept so that Send seats exactly that.

The plan lives on the event (`Event.next_plan`) with a digest of what it seats; the Send
form carries the digest, so a plan replaced in between (another host previewed after
people came or went) is never sent blindly. At start, `workers.rounds.seating.adjust`
brings the plan up to date for who arrived or left since, and `Adjustment` says so.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from models import utcnow

# Names listed in the host's note before "and N more": the note is one line.
NAMES_SHOWN = 5


def make(
    layout: list[dict[str, Any]] | None,
    number: int,
    tables: list[list[int]],
    present: list[int],
    note: str | None,
) -> dict[str, Any]:
    """The plan to store: table i of `tables` is the room's table i (`layout`, as the event
    had it), `present` everyone who was there (seated or sitting out)."""
    content = {
        "number": number,
        "tables": tables,
        "present": sorted(present),
        "layout": layout,
        "note": note,
    }
    return {**content, "digest": digest(content), "made_at": utcnow().isoformat()}


def digest(content: dict[str, Any]) -> str:
    """A short fingerprint of what a plan seats: the same plan made twice has the same one."""
    keys = ("number", "tables", "present", "layout", "note")
    text = json.dumps({key: content.get(key) for key in keys}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def keep(current: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The plan to store after a preview: the one already stored when it seats the same (so
    a host who reloads the preview does not make another host's Send stale)."""
    if current is not None and current.get("digest") == new["digest"]:
        return current
    return new


@dataclass(frozen=True)
class Adjustment:
    """Who arrived or left between the preview and Send."""

    arrived: list[tuple[str, str | None]]  # (first name, table label; None: sits out)
    left: list[str]  # first names of those still on record
    left_count: int  # with those erased since, who have no name any more

    def describe(self) -> str | None:
        """'2 arrived since the preview: Ana at Window, Raj at Bar; 1 left: Lee.'"""
        parts = []
        if self.arrived:
            placed = [
                f"{name} at {_table(label)}" if label else f"{name} sits out (no table has room)"
                for name, label in self.arrived
            ]
            parts.append(f"{len(self.arrived)} arrived since the preview: {_listed(placed)}")
        if self.left_count:
            names = f": {_listed(self.left, self.left_count)}" if self.left else ""
            parts.append(f"{self.left_count} left since the preview{names}")
        return "; ".join(parts) + "." if parts else None


def _table(label: str) -> str:
    """'Window', or 'table 7' for a numbered table."""
    return f"table {label}" if label.isdigit() else label


def _listed(names: list[str], total: int | None = None) -> str:
    total = len(names) if total is None else total
    shown = ", ".join(names[:NAMES_SHOWN])
    more = total - min(len(names), NAMES_SHOWN)
    return f"{shown} and {more} more" if more else shown
