"""How a person's name appears in texts to others: their first name, in GSM-7 when it can be.

The name on the record is what the person typed ("Dr. Eleanor Fitzgerald-O'Brien",
"zoë"); tablemates read "Eleanor", "Zoe". Letters with a close GSM-7 form are folded, so
one "ë" does not turn a whole table's texts into UCS-2 (70 characters a segment, not
160); names in other scripts ("李明") are kept as they are.
"""

import unicodedata

from workers.texts.gsm import is_gsm7

TITLES = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "sir",
        "dame",
        "rev",
        "fr",
        "sr",
        "jr",
        "lord",
        "lady",
        "capt",
    ]
)
FIRST_NAME_LIMIT = 20
# Letters that do not decompose into a GSM-7 letter and an accent.
CLOSE_FORMS = {
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ħ": "h", "Ħ": "H", "œ": "oe", "Œ": "Oe", "ŀ": "l", "ŧ": "t", "ƒ": "f",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-",
    "‐": "-", "‑": "-", "…": "...", "\u00a0": " ",
}  # fmt: skip


def fold(text: str) -> str:
    """Replace each character outside GSM-7 by its close GSM-7 form, where it has one
    ("ë" -> "e", "ł" -> "l", "ğ" -> "g", "’" -> "'"); leave the others as they are."""
    if is_gsm7(text):
        return text
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    if is_gsm7(ch):
        return ch
    if ch in CLOSE_FORMS:
        return CLOSE_FORMS[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and is_gsm7(base) else ch


def first_name(name: str) -> str:
    """The name tablemates are told: titles dropped, the first word, politely short."""
    words = [w for w in name.replace("’", "'").split() if w.strip(".'-")]
    while len(words) > 1 and words[0].rstrip(".").casefold() in TITLES:
        words = words[1:]
    if not words:
        return ""
    first = words[0].strip(".")
    if first.islower() or (first.isupper() and len(first) > 1):
        # "priya", "PRIYA" -> "Priya"; "mary-jane" -> "Mary-Jane"
        first = "-".join(part[:1].upper() + part[1:].lower() for part in first.split("-"))
    return first[:FIRST_NAME_LIMIT]


def display_name(name: str) -> str:
    """A person's name as texts to them and about them carry it."""
    return fold(first_name(name))


# The wrapper of a learn or teach answer, left out where a text quotes the answer after its
# own "wants to learn" or "can teach you": "I can teach u bicycle repair lol" -> "bicycle
# repair", "i wanna learn how to fix my bike" -> "how to fix my bike". A word of
# WRAPPER_WORDS always goes; one of WRAPPER_BEFORE only before one of the words it names
# ("happy to show" goes, "to knit a scarf" stays).
WRAPPER_WORDS = frozenset(
    {"i", "i'm", "im", "i'd", "id", "am", "can", "could", "would", "will", "wanna", "gonna",
     "teach", "show", "help", "learn", "learning", "know", "you", "u", "ya", "people",
     "others", "anyone", "folks", "about", "abt", "with", "w", "at", "some", "of", "more"}
)  # fmt: skip
WRAPPER_BEFORE: dict[str, set[str]] = {
    "to": {"learn", "teach", "show", "help", "know", "get", "improve"},
    **{word: {"to"} for word in ("happy", "glad", "love", "like", "want", "keen", "hope", "need")},
    "able": {"to"},
    "be": {"able"},
    "really": {"good", "want"},
    **{word: {"at", "with"} for word in ("good", "great", "decent", "better")},
    "pretty": {"good", "great", "decent"},
    "get": {"better"},
    "a": {"bit"},
    "bit": {"of"},
}
TRAILING_FILLER = frozenset(
    {"lol", "haha", "lmao", "pls", "plz", "please", "thx", "tbh", "idk", ":)", ":-)", "!"}
)


def spoken_answer(answer: str) -> str:
    """A learn or teach answer as a text quotes it: its wrapper and trailing fillers left
    out, case kept; the answer as typed when nothing would be left."""
    words = answer.split()
    bare = [w.casefold().strip(",.!?") for w in words]
    start, end = 0, len(words)
    while start < end:
        word, after = bare[start], bare[start + 1] if start + 1 < end else ""
        if word in WRAPPER_WORDS or after in WRAPPER_BEFORE.get(word, ()):
            start += 1
        else:
            break
    while end > start and (bare[end - 1] in TRAILING_FILLER or not bare[end - 1]):
        end -= 1
    kept = " ".join(words[start:end]).strip(" ,.!?;:")
    return kept or " ".join(words)
