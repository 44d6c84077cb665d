"""Plain data the grouping engine takes and gives."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    """One person present: id, keep-apart keys, attributes to mix, how many here they know."""

    id: str
    apart: frozenset[str] = frozenset()
    attributes: Mapping[str, str] = field(default_factory=dict)
    known: int | None = None


@dataclass(frozen=True)
class Plan:
    """Tables for the planned rounds (round -> table -> ids) and their quality."""

    rounds: list[list[list[str]]]
    metrics: dict[str, Any]
    infeasible_reason: str | None = None

    @property
    def tables(self) -> list[list[str]]:
        """Return the first planned round's tables."""
        return self.rounds[0] if self.rounds else []
