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
    first = words[0].strip(".-")
    if first.islower() or (first.isupper() and len(first) > 1):
        # "priya", "PRIYA" -> "Priya"; "mary-jane" -> "Mary-Jane"
        first = "-".join(part[:1].upper() + part[1:].lower() for part in first.split("-"))
    if len(first) <= FIRST_NAME_LIMIT:
        return first
    # "Anastasiya-Konstantina" -> "Anastasiya": whole parts of a long double name, not a cut.
    parts = first.split("-")
    kept = parts[0]
    for part in parts[1:]:
        if len(kept) + 1 + len(part) > FIRST_NAME_LIMIT:
            break
        kept += "-" + part
    return kept[:FIRST_NAME_LIMIT]


def display_name(name: str) -> str:
    """A person's name as texts to them and about them carry it."""
    return fold(first_name(name))
