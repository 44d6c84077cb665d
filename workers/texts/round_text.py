"""Compose the text that tells one person their table: pure, within two SMS segments."""

from collections.abc import Sequence
from dataclasses import dataclass

from workers.texts import replies
from workers.texts.display_names import display_name, fold
from workers.texts.gsm import fill, segments, shorten

NAME_CAPS = (None, 14, 10, 6, 3)


@dataclass(frozen=True)
class Icebreaker:
    learner: str
    topic: str
    teacher: str


def join_names(names: Sequence[str]) -> str:
    """ "Ana", "Ana and Raj", "Ana, Raj and Lee"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def first_word(name: str, cap: int | None) -> str:
    """Shorten a name politely: its first word, then at most cap characters."""
    if cap is None:
        return name
    word = name.split()[0] if name.split() else name
    return word if len(word) <= cap else word[:cap]


def round_text(
    k: int, n: int, table: int | str, mates: Sequence[str], icebreaker: Icebreaker | None = None
) -> str:
    """The longest version of the round text that fits two segments.

    `table` is what people look for in the room: the host's label, or the table's number.
    `mates` are names as typed: the text carries each one's display name.
    """
    mates = [display_name(m) or m for m in mates]
    if not mates:
        return replies.ROUND_ALONE.format(k=k, n=n, table=table)
    for template in (replies.ROUND, replies.ROUND_SHORT):
        for cap in NAME_CAPS:
            names = join_names([first_word(m, cap) for m in mates])
            text = template.format(k=k, n=n, table=table, names=names)
            if segments(text) > 2:
                continue
            if icebreaker is not None and template is replies.ROUND:
                with_icebreaker = _with_icebreaker(text, icebreaker, cap)
                if with_icebreaker is not None:
                    return with_icebreaker
            return text
    # A big physical table: name as many as fit, then say how many others.
    for shown in range(len(mates) - 1, -1, -1):
        others = replies.OTHERS.format(count=len(mates) - shown)
        names = join_names([first_word(m, NAME_CAPS[1]) for m in mates[:shown]] + [others])
        text = replies.ROUND_SHORT.format(k=k, n=n, table=table, names=names)
        if segments(text) <= 2:
            return text
    raise ValueError("no round text fits two segments")  # pragma: no cover - a label is short


def _with_icebreaker(text: str, icebreaker: Icebreaker, cap: int | None) -> str | None:
    line = replies.ICEBREAKER.format(
        learner=first_word(display_name(icebreaker.learner), cap or 14),
        topic=shorten(fold(icebreaker.topic), 40),
        teacher=first_word(display_name(icebreaker.teacher), cap or 14),
    )
    return text + line if segments(text + line) <= 2 else None


def sit_out_text(k: int, n: int, name: str) -> str:
    """Tell someone kindly that no table could take them this round."""
    return fill(replies.SIT_OUT, k=str(k), n=str(n), name=display_name(name))
