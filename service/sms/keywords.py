"""Recognise the keywords people text at any time, with typos tolerated where safe."""

import re
import unicodedata
from dataclasses import dataclass

OPT_OUT_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit"})
OPT_IN_WORDS = frozenset({"start", "unstop"})
SIMPLE_WORDS = ("help", "table", "leave", "back", "delete")
WORDS_WITH_TEXT = ("learn", "teach", "name")
SKIP_WORDS = frozenset(
    {"skip", "skp", "sikp", "skipp", "pass", "none", "nothing", "n/a", "na", "-", "no", "nope",
     "nah", "idk", "dunno", "no idea", "not sure", "rather not", "prefer not", "skip it",
     "skip this", "skip this one", "prefer not to say", "rather not say", "no comment",
     "next", "nothing really", "not really", "no thanks"}
)  # fmt: skip


@dataclass(frozen=True)
class Command:
    word: str  # upper case: "HELP", "STOP", "START", "LEARN", ...
    text: str = ""  # for LEARN/TEACH/NAME: what follows the word, as typed
    exact: bool = True  # False: read through a typo ("hlep", "tabel")


def plain(text: str) -> str:
    """Fold text for comparison: case-folded, punctuation trimmed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w/\- ]+", " ", text)
    return " ".join(text.split()).strip(" -")


def one_typo(word: str, target: str, shortest: int = 4) -> bool:
    """Say whether word is target with at most one edit or one swap of neighbours.

    Targets shorter than `shortest` must match exactly: one slip in a short word makes
    another word too easily.
    """
    if word == target:
        return True
    if abs(len(word) - len(target)) > 1 or len(target) < shortest:
        return False
    if len(word) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return diffs == [i, i + 1] and word[i] == target[i + 1] and word[i + 1] == target[i]
    short, long = sorted((word, target), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def parse(text: str) -> Command | None:
    """Read a keyword from a whole text, typos included (see Command.exact)."""
    folded = plain(text)
    if folded in OPT_OUT_WORDS:
        return Command("STOP")
    if folded in OPT_IN_WORDS:
        return Command("START")
    for word in SIMPLE_WORDS:
        if folded == word:
            return Command(word.upper())
        if " " not in folded and one_typo(folded, word):
            return Command(word.upper(), exact=False)
    match = re.match(r"\s*([A-Za-z]+)\s*[:\-,.]?(?:\s+|$)(.*)", text, re.DOTALL)
    if match and match.group(1).casefold() in WORDS_WITH_TEXT:
        return Command(match.group(1).upper(), " ".join(match.group(2).split()))
    return None


# Said around a skip without changing it: "idk lol", "nothing really tbh", "sorry, pass".
ASIDE_WORDS = frozenset({"lol", "lmao", "tbh", "honestly", "sorry", "atm", "rn", "yet", "ngl",
                         "sry", "soz", "um", "umm", "hmm", "ok", "haha"})  # fmt: skip
LAUGHTER = re.compile(r"(ha)+h?|(he)+h?|(lo)+l+|x+d+")


def is_skip(text: str) -> bool:
    """Say whether an answer means "skip this question"."""
    words = plain(text).split()
    aside = [not w or w in ASIDE_WORDS or bool(LAUGHTER.fullmatch(w)) for w in words]
    while words and aside[-1]:
        words, aside = words[:-1], aside[:-1]
    while words and aside[0]:
        words, aside = words[1:], aside[1:]
    return " ".join(words) in SKIP_WORDS or text.strip() == "-"
