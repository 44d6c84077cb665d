"""The grouping engine: tables of strangers, well mixed, round after round.

Pure: plain data in and out, no database, Redis, Flask or I/O; deterministic for a seed.

- `plan_round(people, history, *, table_size=None, capacities=None, seed=0, pairs=())
  -> Plan` seats everyone present for the next round. `history` is the earlier rounds as
  round -> table -> person ids (people no longer present are ignored).
- `plan_rounds(people, history, *, rounds, table_size=None, capacities=None, seed=0,
  effort=1.0, construct_first=True, progress=None, pairs=()) -> Plan` plans several
  rounds jointly.
- `seat_late_arrival(person, tables, history, *, capacities=None, table_size=None,
  pairs=()) -> int | None` picks a table of the running round (tables of `Person`) for a
  late arrival, or None when no table can take them without breaking a hard rule; among
  the tables that can, one holding a complementary partner comes first.
- `feasibility(sizes, rounds, ...) -> Bounds` and `table_sizes(n, table_size, capacities)`.

A `Person` has `id`, `apart` (keep-apart keys such as "org:acme" or "came:7": two people
sharing a key never sit together), `attributes` (name -> value, mixed proportionally over
tables) and `known` (how many people here they know; spread like an attribute).
A `Plan` has `rounds` (round -> table -> ids; with capacities, table i is physical table i
and may be empty), `metrics` (repeat_pairs, max_meetings, apart_violations, min_new_people,
mean_new_people, mix {attribute: share of proportional tables}, table_sizes,
max_small_table_rounds, pairs_met, tables_with_pair, repeat_free_rounds_bound,
repeat_lower_bound, infeasible_reason) and `infeasible_reason`: one sentence for the host
when zero repeats (or keeping every keep-apart group apart) is impossible, else None.

`pairs` are complementary (learner id, teacher id) pairs that the caller found worth an
introduction; the engine tries to seat each pair together once. A pair already seated
together in `history` counts as met and is not sought again; a pair of people sharing a
keep-apart key, or with someone absent, is ignored. `pairs_met` counts the distinct pairs
seated together in the history or the planned rounds, `tables_with_pair` the share of
planned tables holding at least one pair. Pairs never break a hard rule. In rooms of up
to 300 people with no more pairs than people, where the bounds allow every hard rule, each
pair is seated together in one planned round before the search (`pairs.glue_pairs`: one
pair a table, the pairs spread over the rounds, none whose two alone pass a value's
ceiling) and the search arranges everyone else around them for the hard rules and the
mix; should the glued seats still leave a repeat or colleagues together, the plan made
without glue is taken if the rules fare better there. Otherwise the greedy start prefers,
among equally good tables, one holding an unmet partner (with many pairs it finds plenty).

Hard rules: everyone seated once; sizes within one of each other and within capacities;
no keep-apart pair together; no pair twice while the bounds allow it, otherwise the
fewest repeats, spread so that no pair meets three times while twice would do.
"""

from workers.grouping.bounds import Bounds, feasibility
from workers.grouping.live import seat_late_arrival
from workers.grouping.model import Person, Plan
from workers.grouping.planner import plan_round, plan_rounds
from workers.grouping.tables import table_sizes

__all__ = [
    "Bounds",
    "Person",
    "Plan",
    "feasibility",
    "plan_round",
    "plan_rounds",
    "seat_late_arrival",
    "table_sizes",
]
