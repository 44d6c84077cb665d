"""Compose the text that tells one person their table: pure, within two SMS segments."""

from collections.abc import Sequence
from dataclasses import dataclass

from workers.texts import replies
from workers.texts.display_names import display_name, fold
from workers.texts.gsm import fill, segments, shorten
from workers.texts.spoken_answers import spoken_answer

NAME_CAPS = (None, 14, 10, 6, 3)


READERS = ("learner", "teacher", "mutual", "table")


@dataclass(frozen=True)
class TalkAbout:
    """The learn/teach line for one reader of a round text (names and phrases as typed).

    `teacher` can teach what `learner` wants to learn. `topic` is quoted in the words of
    the one the line speaks of: the teacher's offer for the "learner" reader (told who can
    teach them), the learner's wish for the "teacher" reader (told who wants to learn from
    them) and for "table" (the table's best pair, neither of them the reader: nobody reads
    about themselves in the third person). "mutual" is both at once with one person:
    `learner` is the reader, `topic` what the other offers, `back` what the other wants
    to learn from the reader.
    """

    learner: str
    topic: str
    teacher: str
    reader: str = "table"
    back: str = ""

    def __post_init__(self) -> None:
        if self.reader not in READERS:
            raise ValueError(f"reader must be one of {READERS}, not {self.reader!r}")


TALK_TEMPLATES = {
    "learner": replies.TALK_LEARNER,
    "teacher": replies.TALK_TEACHER,
    "mutual": replies.TALK_MUTUAL,
    "table": replies.TALK_TABLE,
}
TOPIC_CAPS = (40, 28, 18)  # a topic shortens before the line is dropped


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
    k: int, n: int, table: int | str, mates: Sequence[str], talk: TalkAbout | None = None
) -> str:
    """The longest version of the round text that fits two segments.

    `table` is what people look for in the room: the host's label, or the table's number.
    `mates` are names as typed: the text carries each one's display name. `talk`, the
    reader's learn/teach line, is dropped before any name is shortened.
    """
    mates = [display_name(m) or m for m in mates]
    if not mates:
        return replies.ROUND_ALONE.format(k=k, n=n, table=table)
    if talk is not None:
        for template in (replies.ROUND, replies.ROUND_SHORT):
            text = template.format(k=k, n=n, table=table, names=join_names(mates))
            for line in talk_lines(talk):
                if segments(text + line) <= 2:
                    return text + line
    for template in (replies.ROUND, replies.ROUND_SHORT):
        for cap in NAME_CAPS:
            names = join_names([first_word(m, cap) for m in mates])
            text = template.format(k=k, n=n, table=table, names=names)
            if segments(text) <= 2:
                return text
    # A big physical table: name as many as fit, then say how many others.
    for shown in range(len(mates) - 1, -1, -1):
        others = replies.OTHERS.format(count=len(mates) - shown)
        names = join_names([first_word(m, NAME_CAPS[1]) for m in mates[:shown]] + [others])
        text = replies.ROUND_SHORT.format(k=k, n=n, table=table, names=names)
        if segments(text) <= 2:
            return text
    raise ValueError("no round text fits two segments")  # pragma: no cover - a label is short


def talk_lines(talk: TalkAbout) -> list[str]:
    """The reader's line, its topics shortened step by step (longest first); none when the
    teacher's answer says nothing to quote ("I can teach")."""
    names = {  # as the list of tablemates shows them: never shorter while the line is kept
        "learner": display_name(talk.learner) or talk.learner,
        "teacher": display_name(talk.teacher) or talk.teacher,
    }
    topic, back = fold(spoken_answer(talk.topic, "they")), fold(spoken_answer(talk.back, "they"))
    if not topic:
        return []
    reader = "learner" if talk.reader == "mutual" and not back else talk.reader
    lines = []
    for cap in TOPIC_CAPS:
        line = TALK_TEMPLATES[reader].format(
            topic=shorten(topic, cap), back=shorten(back, cap), **names
        )
        if line not in lines:
            lines.append(line)
    return lines


def sit_out_text(k: int, n: int, name: str) -> str:
    """Tell someone kindly that no table could take them this round."""
    return fill(replies.SIT_OUT, k=str(k), n=str(n), name=display_name(name))
