"""Recognise the keywords people text at any time, with typos tolerated where safe."""

import re
import unicodedata
from dataclasses import dataclass

OPT_OUT_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit"})
OPT_IN_WORDS = frozenset({"start", "unstop"})
SIMPLE_WORDS = ("help", "table", "leave", "back", "delete")
WORDS_WITH_TEXT = ("learn", "teach", "name")
SKIP_WORDS = frozenset({"skip", "skp", "sikp", "pass", "none", "nothing", "n/a", "na", "-"})
YES_WORDS = frozenset({"yes", "y", "yeah", "yea", "yep", "yup", "ya", "yas", "ys", "yse", "sure"})
YES_WORDS |= {"ok", "okay", "yes please", "of course", "oui", "si", "ja"}
NO_WORDS = frozenset({"no", "n", "nope", "nah", "no thanks", "no thank you", "non", "nein"})


@dataclass(frozen=True)
class Command:
    word: str  # upper case: "HELP", "STOP", "START", "LEARN", ...
    text: str = ""  # for LEARN/TEACH/NAME: what follows the word, as typed


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


def parse(text: str, strict: bool = False) -> Command | None:
    """Read a keyword from a whole text; strict (a free-text answer is due) allows fewer typos."""
    folded = plain(text)
    if folded in OPT_OUT_WORDS:
        return Command("STOP")
    if folded in OPT_IN_WORDS:
        return Command("START")
    for word in SIMPLE_WORDS:
        # A free-text answer such as a name ("Jack" for BACK) must not turn into a keyword.
        tolerant = not strict or word == "help"
        if folded == word or (tolerant and " " not in folded and one_typo(folded, word)):
            return Command(word.upper())
    match = re.match(r"\s*([A-Za-z]+)\s*[:\-,.]?(?:\s+|$)(.*)", text, re.DOTALL)
    if match and match.group(1).casefold() in WORDS_WITH_TEXT:
        return Command(match.group(1).upper(), " ".join(match.group(2).split()))
    return None


def is_skip(text: str) -> bool:
    """Say whether an answer means "skip this question"."""
    return plain(text) in SKIP_WORDS or text.strip() == "-"


def yes_or_no(text: str) -> bool | None:
    """Read YES or NO from a reply (None when it is neither)."""
    folded = plain(text)
    if folded in YES_WORDS or folded.startswith("yes "):
        return True
    if folded in NO_WORDS or folded.startswith("no "):
        return False
    return None
