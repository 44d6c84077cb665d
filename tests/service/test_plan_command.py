"""`tablemates plan`: output shape, options and one-line errors on bad rosters."""

import csv
import io
import json
from itertools import combinations

import pytest
from click.testing import CliRunner

from service.plan_command import plan_command


@pytest.fixture
def roster(tmp_path):
    rows = ["id,name,org,age"]
    rows += [
        f"p{i},Name {i},{'acme' if i < 4 else ''},{'young' if i % 3 else 'old'}" for i in range(24)
    ]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(plan_command, [str(a) for a in args])


def test_json_plan_keeps_colleagues_apart_and_mixes(roster):
    result = run(roster, "--rounds", "3", "--table-size", "4", "--apart", "org", "--spread", "age")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"rounds", "metrics", "seconds", "names"}
    assert out["names"] == {f"p{i}": f"Name {i}" for i in range(24)}
    assert len(out["rounds"]) == 3
    for rnd in out["rounds"]:
        assert sorted(x for t in rnd for x in t) == sorted(f"p{i}" for i in range(24))
        for t in rnd:
            assert len(t) == 4
            assert sum(x in {"p0", "p1", "p2", "p3"} for x in t) <= 1
    pairs = [frozenset(p) for rnd in out["rounds"] for t in rnd for p in combinations(t, 2)]
    assert len(pairs) == len(set(pairs))
    metrics = out["metrics"]
    assert metrics["repeat_pairs"] == 0
    assert metrics["apart_violations"] == 0
    assert metrics["min_new_people"] == 9
    assert metrics["mix"] == {"age": 1.0}
    assert metrics["infeasible_reason"] is None
    assert isinstance(out["seconds"], float)


def test_csv_output_and_seed(roster):
    one = run(roster, "--format", "csv", "--rounds", "2", "--seed", "5")
    assert one.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(one.stdout)))
    assert len(rows) == 48
    assert {r["round"] for r in rows} == {"1", "2"}
    assert {r["table"] for r in rows} == {"1", "2", "3", "4", "5"}
    assert all(r["name"] == f"Name {r['id'][1:]}" for r in rows)  # for printed cards
    assert run(roster, "--format", "csv", "--rounds", "2", "--seed", "5").stdout == one.stdout


def test_history_pairs_are_not_repeated(roster, tmp_path):
    first = json.loads(run(roster, "--rounds", "2").stdout)
    history = tmp_path / "history.json"
    history.write_text(json.dumps(first["rounds"]), encoding="utf-8")
    nxt = json.loads(run(roster, "--rounds", "1", "--history", history).stdout)
    old = {frozenset(p) for rnd in first["rounds"] for t in rnd for p in combinations(t, 2)}
    new = {frozenset(p) for t in nxt["rounds"][0] for p in combinations(t, 2)}
    assert not old & new


def test_infeasible_plan_explains_on_stderr_and_in_metrics(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id\n" + "\n".join(f"x{i}" for i in range(20)) + "\n", encoding="utf-8")
    result = run(path, "--rounds", "2", "--table-size", "5")
    assert result.exit_code == 0
    assert result.stdout.endswith("}\n")  # the explanation never runs on after the JSON
    assert "names" not in json.loads(result.stdout)  # the roster has no name column
    reason = json.loads(result.stdout)["metrics"]["infeasible_reason"]
    assert reason.startswith("At most 1 round can avoid repeat meetings")
    assert result.stderr.strip() == reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "roster.csv is empty"),
        (b"name\nAna\n", "roster.csv row 1: no 'id' column"),
        (b"id,name\na,Ana\nb,Bo\na,Al\n", "roster.csv row 4: duplicate id 'a' (row 2)"),
        (b"id,name\na,Ana\n,Bo\n", "roster.csv row 3: empty id"),
        (b"id,name\na,Ana\nb,Jos\xe9\n", "roster.csv row 3: not UTF-8"),
        (b"id,name\n", "roster.csv row 2: no people"),
    ],
)
def test_bad_rosters_get_one_line_and_status_2(tmp_path, content, message):
    path = tmp_path / "roster.csv"
    path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]


def test_missing_spread_column_and_bad_history(roster, tmp_path):
    result = run(roster, "--spread", "team")
    assert result.exit_code == 2
    assert "row 1: no 'team' column" in result.stderr
    history = tmp_path / "h.json"
    history.write_text('{"rounds": [["p1"]]}', encoding="utf-8")
    result = run(roster, "--history", history)
    assert result.exit_code == 2
    assert "h.json" in result.stderr
