"""A learn or teach answer as a text quotes it, after its own "wants to learn" or "can
teach you" (pure): the wrapper the person typed around the skill is left out.

"I can teach u bicycle repair lol" -> "bicycle repair"; "i wanna learn how to fix my
bike" -> "how to fix my bike"; "tbh im pretty good at chess" -> "chess". A wrapper is
only taken off when it holds a verb of learning or teaching ("Help desk support", "Show
business", "Will writing", "ID photos" stay as typed), and never in front of "and"
("Learning and development"). An answer with nothing of substance left ("I can teach",
"teach me something", "lol") quotes as "": callers say nothing about it.

Only the skill's own clause is quoted: what follows a dash, a full stop, "because" or a
laugh, or a comma that opens a clause of its own, is the person chatting ("guitar - been
playing 15 yrs" -> "guitar"; "how to knit, my gran used to knit" -> "how to knit"); a list
stays whole ("python, sql and excel"). With a `voice`, the person's "my" and "me" are
turned for the reader: "they" ("how to fix their bike") or "you" ("how to fix your bike").
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
     "very", "also", "totally", "definitely", "always", "wanted", "been", "'d", "d", "am",
     "have", "'ve", "ve", "ever", "never", "finally", "still"}
)  # fmt: skip
VERBS = frozenset({"teach", "teaching", "learn", "learning", "show", "help", "know", "tutor",
                   "coach", "explain", "improve", "practise", "practice"})  # fmt: skip
ALONE_VERBS = frozenset({"teach", "teaching", "learn", "learning"})  # a first word that goes
SKILLED = frozenset({"good", "great", "decent", "better", "experienced", "skilled"})
OBJECTS = frozenset({"me", "you", "people", "others", "anyone", "folks", "someone",
                     "somebody", "everyone", "beginners", "ppl"})  # fmt: skip
LINKS = frozenset({"with", "about", "at", "in", "on", "some", "more", "a", "bit", "of", "the",
                   "basics", "how"})  # fmt: skip
NOTHING = frozenset({"something", "anything", "stuff", "things", "it", "that", "this", "lots",
                     "no", "idea", "dont", "don't", "know", "not", "sure"})  # fmt: skip
STRETCHED = re.compile(r"(.)\1{2,}")
LAUGH = re.compile(r"(ha)+h?|(lo)+l|(he)+h?")
PUNCTUATION = ",.!?;:-–—()\"'…*~"
DASHES = frozenset({"-", "--", "–", "—"})
ASIDES = frozenset({"because", "cause", "cuz", "coz", "since", "but", "though", "lol", "btw"})
# A comma followed by one of these opens a clause of the person's own, not a list.
CLAUSE_OPENERS = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "id", "my", "it", "it's",
                            "its", "which", "that", "this", "we", "been", "used", "was", "so",
                            "mostly", "especially", "ideally", "like"})  # fmt: skip
DOTTED = re.compile(r"\w\.\w")  # "U.S.", "Ph.D.": a full stop inside a word ends nothing
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "etc", "eg", "ie", "jr", "sr",
                           "no", "approx", "incl"})  # fmt: skip
VOICES = {
    "they": {"my": "their", "me": "them", "myself": "themselves"},
    "you": {"my": "your", "me": "you", "myself": "yourself"},
}


def spoken_answer(answer: str, voice: str | None = None) -> str:
    """The answer's skill without its wrapper, asides or trailing fillers, case kept; ""
    when nothing of substance is left. `voice` ("they" or "you") turns "my" and "me"."""
    words = answer.split()
    keys = [_key(w) for w in words]
    start = _skip_fillers(keys, 0)
    start = _after_wrapper(keys, start)
    end = _clause_end(words, keys, start)
    while end > start and (keys[end - 1] in FILLERS or not keys[end - 1]):
        end -= 1
    if all(k in NOTHING | FILLERS for k in keys[start:end] if k):
        return ""
    if voice is not None and any(k in SUBJECTS for k in keys[start:end]):
        voice = None  # "how I can improve my CV": turning "my" alone would mix two voices
    kept = [_turned(w, voice) for w in words[start:end]]
    return " ".join(kept).strip(PUNCTUATION + " ")


def _clause_end(words: list[str], keys: list[str], start: int) -> int:
    """Where the skill's clause ends: before an aside, a dash, a bracket or a new sentence;
    never before there is a skill to quote ("Something: python" stays whole)."""
    for at in range(start, len(words)):
        word, key = words[at], keys[at]
        said = [k for k in keys[start:at] if k and k not in FILLERS | NOTHING]
        if word in DASHES or key in ASIDES or word.startswith("("):
            if said:
                return at
            continue
        if not said and (not key or key in FILLERS | NOTHING):
            continue
        stop = word.rstrip("\"')*~").endswith((".", "!", "?", ";", "…"))
        whole = key in ABBREVIATIONS or len(key) < 2 or DOTTED.search(word) is not None
        if stop and at + 1 < len(words) and not whole:
            return at + 1
        if word.endswith(",") and at + 1 < len(words) and keys[at + 1] in CLAUSE_OPENERS:
            return at + 1
    return len(words)


def _turned(word: str, voice: str | None) -> str:
    """The word with a first-person pronoun turned to `voice`, its punctuation kept."""
    if voice is None:
        return word
    core = word.strip(PUNCTUATION)
    if core.isupper() and len(core) > 1:
        return word  # "ME" is a subject (mechanical engineering), not "me"
    turned = VOICES[voice].get(core.casefold())
    return word.replace(core, turned, 1) if turned and core else word


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
    elif at < len(keys) and keys[start] in SUBJECTS and at > start + 1:
        return at  # "I can make bread", "I love cooking": a person and a modal, then the skill
    else:
        return start
    alone = at - start == 1
    if at < len(keys) and keys[at] in OBJECTS:
        at, alone = at + 1, False
    while at < len(keys) and (keys[at] in LINKS - {"how", "a", "the"} or not keys[at]):
        at += 1  # "practise with fellow actors": a link alone makes no wrapper of the verb
    if at + 2 < len(keys) and keys[at : at + 3] == ["a", "bit", "of"]:
        at += 3
    if alone and verb not in ALONE_VERBS:
        return start  # "Help desk support", "Show business": the verb is the skill's
    if at < len(keys) and keys[at] in ("and", "&", ""):
        return start  # "Learning and development"
    return at
