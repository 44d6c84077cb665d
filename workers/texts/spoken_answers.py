"""A learn or teach answer as a text quotes it, after its own "wants to learn" or "can
teach you" (pure): the wrapper the person typed around the skill is left out.

"I can teach u bicycle repair lol" -> "bicycle repair"; "i wanna learn how to fix my
bike" -> "how to fix my bike"; "tbh im pretty good at chess" -> "chess". A wrapper is
only taken off when it holds a verb of learning or teaching ("Help desk support", "Show
business", "Will writing", "ID photos" stay as typed), and never in front of "and"
("Learning and development"). An answer with nothing of substance left ("I can teach",
"teach me something", "lol") quotes as "": callers say nothing about it.
"""

import re

FILLERS = frozenset(
    {"lol", "haha", "lmao", "rofl", "pls", "plz", "please", "thx", "thanks", "tbh", "idk",
     "ok", "okay", "um", "umm", "uh", "hmm", "well", "so", "hey", "hi", "yeah", "yes", "yep",
     "sure", "maybe", "honestly", "rn", "xx", "x"}
)  # fmt: skip
SLANG = {"wud": "would", "wd": "would", "luv": "love", "lrn": "learn", "2": "to",
         "abt": "about", "u": "you", "ya": "you", "tryna": "trying", "w": "with"}  # fmt: skip
SUBJECTS = frozenset({"i", "i'm", "im", "i'd", "id", "ive", "i've", "am", "i'll"})
MODALS = frozenset(
    {"can", "could", "would", "will", "wanna", "want", "gonna", "like", "love", "happy",
     "glad", "keen", "hope", "need", "trying", "try", "able", "be", "to", "really", "pretty",
     "very", "also", "totally", "definitely", "always", "wanted", "been", "'d", "d", "am"}
)  # fmt: skip
VERBS = frozenset({"teach", "teaching", "learn", "learning", "show", "help", "know", "tutor",
                   "coach", "explain", "improve", "practise", "practice"})  # fmt: skip
ALONE_VERBS = frozenset({"teach", "teaching", "learn", "learning"})  # a first word that goes
SKILLED = frozenset({"good", "great", "decent", "better", "experienced", "skilled"})
OBJECTS = frozenset({"me", "you", "people", "others", "anyone", "folks", "someone",
                     "somebody", "everyone", "beginners", "ppl"})  # fmt: skip
LINKS = frozenset({"with", "about", "at", "in", "on", "some", "more", "a", "bit", "of", "the",
                   "basics", "how"})  # fmt: skip
NOTHING = frozenset({"something", "anything", "stuff", "things", "it", "that", "this", "lots"})
STRETCHED = re.compile(r"(.)\1{2,}")
LAUGH = re.compile(r"(ha)+h?|(lo)+l|(he)+h?")
PUNCTUATION = ",.!?;:-–—()\"'…*~"


def spoken_answer(answer: str) -> str:
    """The answer without its wrapper or trailing fillers, case kept; "" when nothing of
    substance is left."""
    words = answer.split()
    keys = [_key(w) for w in words]
    start = _skip_fillers(keys, 0)
    start = _after_wrapper(keys, start)
    end = len(words)
    while end > start and (keys[end - 1] in FILLERS or not keys[end - 1]):
        end -= 1
    kept = " ".join(words[start:end]).strip(PUNCTUATION + " ")
    if not kept or all(k in NOTHING | FILLERS for k in keys[start:end] if k):
        return ""
    return kept


def _key(word: str) -> str:
    """A word as the wrapper rules read it: lower case, no punctuation or emoji, letters
    stretched by texting put back ("plzzz"), shorthand spelled out ("wud")."""
    word = "".join(ch for ch in word.casefold().replace("’", "'") if ch.isalnum() or ch == "'")
    word = STRETCHED.sub(r"\1", word.strip("'"))
    if LAUGH.fullmatch(word):
        return "lol"
    return SLANG.get(word, word)


def _skip_fillers(keys: list[str], at: int) -> int:
    while at < len(keys) and (keys[at] in FILLERS or not keys[at]):
        at += 1
    return at


def _after_wrapper(keys: list[str], start: int) -> int:
    """Where the skill begins: after a wrapper that holds a verb, else at `start`."""
    at = start
    if at < len(keys) and keys[at] in SUBJECTS:
        at += 1
    while at < len(keys) and keys[at] in MODALS:
        at += 1
    if at < len(keys) and keys[at] in VERBS:
        verb, at = keys[at], at + 1
    elif at + 1 < len(keys) and keys[at] in SKILLED and keys[at + 1] in ("at", "with"):
        verb, at = keys[at], at + 2
    else:
        return start
    alone = at - start == 1
    if at < len(keys) and keys[at] in OBJECTS:
        at, alone = at + 1, False
    while at < len(keys) and (keys[at] in LINKS - {"how", "a", "the"} or not keys[at]):
        at, alone = at + 1, False
    if at + 2 < len(keys) and keys[at : at + 3] == ["a", "bit", "of"]:
        at += 3
    if alone and verb not in ALONE_VERBS:
        return start  # "Help desk support", "Show business": the verb is the skill's
    if at < len(keys) and keys[at] in ("and", "&", ""):
        return start  # "Learning and development"
    return at
