"""`tablemates plan`: plan rounds of tables for a CSV roster, without SMS or a database."""

import csv
import io
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from workers.events import exports
from workers.grouping import Person, plan_rounds


class RosterError(click.ClickException):
    """A roster or history file that cannot be used; exits with status 2."""

    exit_code = 2


@click.command("plan")
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rounds", default=3, show_default=True, type=click.IntRange(min=1))
@click.option("--table-size", default=5, show_default=True, type=click.IntRange(min=2))
@click.option(
    "--apart", "apart", multiple=True, metavar="COL", help="Seat people sharing a value apart."
)
@click.option("--spread", "spread", multiple=True, metavar="COL", help="Mix this column's values.")
@click.option(
    "--history",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON of earlier rounds (round -> table -> ids) whose pairs must not meet again.",
)
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
def plan_command(
    roster: Path,
    rounds: int,
    table_size: int,
    apart: tuple[str, ...],
    spread: tuple[str, ...],
    history: Path | None,
    seed: int,
    fmt: str,
) -> None:
    """Plan rounds of tables for ROSTER.csv (an `id` column, optional `name`) without any SMS.

    With a `name` column, the JSON has "names" (id -> name) and the CSV a `name` column,
    ready for printed table cards.
    """
    people, names = read_roster(roster, apart, spread)
    earlier = read_history(history) if history else []
    started = time.monotonic()
    plan = plan_rounds(
        people,
        earlier,
        rounds=rounds,
        table_size=table_size,
        seed=seed,
        progress=_progress(started),
    )
    seconds = round(time.monotonic() - started, 3)
    if plan.infeasible_reason:
        click.echo(plan.infeasible_reason, err=True)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["round", "table", "id", "name"] if names else ["round", "table", "id"])
        for r, tables in enumerate(plan.rounds, 1):
            for t, ids in enumerate(tables, 1):
                for pid in ids:
                    name = [exports.defuse(names.get(pid, ""))] if names else []
                    writer.writerow([r, t, exports.defuse(pid), *name])
        click.echo(out.getvalue(), nl=False)
    else:
        result = {"rounds": plan.rounds, "metrics": plan.metrics, "seconds": seconds}
        click.echo(json.dumps({**result, "names": names} if names else result, ensure_ascii=False))


def read_roster(
    path: Path, apart: Sequence[str], spread: Sequence[str]
) -> tuple[list[Person], dict[str, str]]:
    """Read people from a CSV roster, and their names (id -> name) when it has a `name`
    column; raise RosterError naming the row on bad input."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        raise RosterError(f"{path.name} row {row}: not UTF-8 text; save it as CSV UTF-8") from err
    if not text.strip():
        raise RosterError(f"{path.name} is empty; it needs a header row with an 'id' column")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    for column in ("id", *apart, *spread):
        if column not in header:
            raise RosterError(f"{path.name} row 1: no '{column}' column in the header")
    people, first_row, names = [], {}, {}
    for row_number, row in enumerate(reader, 2):
        pid = (row.get("id") or "").strip()
        if not pid:
            raise RosterError(f"{path.name} row {row_number}: empty id")
        if pid in first_row:
            first = first_row[pid]
            raise RosterError(f"{path.name} row {row_number}: duplicate id '{pid}' (row {first})")
        first_row[pid] = row_number
        keys = frozenset(f"{c}:{v.strip()}" for c in apart if (v := row.get(c) or "").strip())
        values = {c: (row.get(c) or "").strip() for c in spread}
        people.append(Person(id=pid, apart=keys, attributes=values))
        if name := (row.get("name") or "").strip():
            names[pid] = name
    if not people:
        raise RosterError(f"{path.name} row 2: no people after the header")
    return people, names


def read_history(path: Path) -> list[list[list[str]]]:
    """Read earlier rounds (the `rounds` of an earlier plan's JSON, or the whole output)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise RosterError(f"{path.name}: not a JSON list of rounds ({err})") from err
    if isinstance(data, dict):
        data = data.get("rounds")
    ok = isinstance(data, list) and all(
        isinstance(rnd, list)
        and all(isinstance(t, list) and all(isinstance(x, str) for x in t) for t in rnd)
        for rnd in data
    )
    if not ok:
        raise RosterError(f"{path.name}: expected a JSON list of rounds of tables of ids")
    return data


def _progress(started: float) -> Callable[[float], None]:
    def report(done: float) -> None:
        if time.monotonic() - started > 1.0:
            click.echo(f"planning... {done:.0%}", err=True)

    return report
