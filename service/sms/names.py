"""Read a first name from how people answer "What's your first name?".

"hi, I'm Priya", "it's Raj here", "Priya (she/her)", "Dr. Eleanor Fitzgerald-O'Brien":
the greeting and lead-in go, the rest is the name as typed (kept on the record; texts to
others use workers.texts.display_names.display_name). Some answers are plainly not names: the event
code sent again, a greeting, a question, a yes or a thanks. Others only look unlike one
("ok bye", "test 123"): asked once more, then taken as they are.
"""

import re
import unicodedata
from dataclasses import dataclass

from service.sms import yesno
from workers.texts.display_names import TITLES

NAME_LIMIT = 60  # the column's size
LEAD_IN = re.compile(
    r"^(?:(?:hiya|heya|hello|hey|hi|yo|howdy|greetings|good (?:morning|afternoon|evening)|"
    r"hola|bonjour|ciao|salut|hallo|namaste|olá|ola)\b(?:\s+(?:there|all|everyone|guys))?"
    r"[\s,!.:;-]*)?"
    r"(?:(?:(?:my|the) name(?:'s| is|s)?|name(?:'s| is|s)?|"
    r"i am|i'm|im|i m|it is|it's|its|this is|thisis|call me|they call me|me llamo|"
    r"je m'appelle|je suis|ich bin|soy)\b[\s:,-]*)?",
    re.IGNORECASE,
)
# After the name: "Priya here", "Priya from Acme", "Priya, engineer", "Priya (she/her)".
TAIL = re.compile(
    r"(?:\s*[,;:!?(/|]|\s+(?:-|–|—|here|from|at|and|&|but|btw|lol|thanks|thx|ty|pls|"
    r"please|sorry|\+)(?:\s|$)).*$",
    re.IGNORECASE | re.DOTALL,
)
GREETINGS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "heya",
        "hiya",
        "yo",
        "howdy",
        "hola",
        "bonjour",
        "ciao",
        "salut",
        "hallo",
        "namaste",
        "ola",
        "sup",
        "wassup",
        "greetings",
        "morning",
        "evening",
        "afternoon",
        "hii",
        "hiii",
        "helo",
        "hello",
        "there",
        "all",
        "good",
    ]
)
# Words a first name is never made of: a text holding one is asked about once more.
NOT_NAME_WORDS = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "be",
        "what",
        "why",
        "how",
        "who",
        "when",
        "where",
        "which",
        "this",
        "that",
        "these",
        "those",
        "it",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "want",
        "wanna",
        "know",
        "idk",
        "dunno",
        "not",
        "sure",
        "test",
        "testing",
        "nothing",
        "none",
        "nobody",
        "anonymous",
        "no",
        "yes",
        "ok",
        "okay",
        "bye",
        "goodbye",
        "later",
        "thanks",
        "thank",
        "lol",
        "haha",
        "hmm",
        "huh",
        "sorry",
        "please",
        "just",
        "here",
        "there",
        "ready",
        "signed",
        "up",
        "sign",
        "join",
        "event",
        "code",
        "you",
        "your",
        "me",
        "my",
        "our",
        "we",
        "they",
        "she",
        "him",
        "her",
        "i",
        "am",
        "im",
    ]
)
QUESTION_START = frozenset(["what", "whats", "why", "how", "who", "when", "where", "which"])
EMAIL_OR_LINK = re.compile(r"@|https?:|www\.|\.com\b", re.IGNORECASE)


# A first text that says who is texting: "hi I'm Priya", "my name is Raj", "Lee here".
INTRODUCES_SELF = re.compile(
    r"\b(?:my name is|my names|my name's|name's|i am|i'm|im|this is|it's|its|call me|"
    r"me llamo|je m'appelle|je suis|ich bin)\s+\w|^\s*\w[\w'-]*\s+here\b",
    re.IGNORECASE,
)
LEAD_INS = re.compile(
    r"\b(?:my name is|my names|my name's|name's|i am|i'm|im|this is|it's|its|call me|"
    r"me llamo|je m'appelle|je suis|ich bin)\s",
    re.IGNORECASE,
)
# What follows "I'm" when it is not a name: "I'm here", "I'm in", "I'm late".
STATES = frozenset(
    [
        "here",
        "in",
        "ready",
        "late",
        "lost",
        "confused",
        "interested",
        "new",
        "excited",
        "looking",
        "at",
        "with",
        "joining",
        "coming",
        "going",
        "trying",
        "not",
        "so",
        "very",
        "really",
        "the",
        "a",
        "an",
        "for",
        "on",
        "outside",
        "inside",
        "good",
        "fine",
        "ok",
        "okay",
        "back",
        "signing",
        "sign",
        "keen",
        "curious",
        "happy",
        "glad",
        "just",
        "also",
        "still",
    ]
)


# What people say they are, not what they are called: "engineer at Huawei".
ROLES = frozenset(
    [
        "engineer",
        "developer",
        "designer",
        "student",
        "teacher",
        "manager",
        "founder",
        "nurse",
        "doctor",
        "lawyer",
        "consultant",
        "researcher",
        "analyst",
        "artist",
        "writer",
        "retired",
        "freelancer",
        "musician",
        "chef",
        "accountant",
        "scientist",
        "programmer",
        "coder",
        "marketer",
        "sales",
        "intern",
        "professor",
    ]
)


@dataclass(frozen=True)
class NameReading:
    name: str  # the name as typed, lead-in and tail removed ("" when there is none)
    verdict: str  # "name" | "not_a_name" (never taken) | "doubtful" (asked once more)


def read_name(text: str, codes: frozenset[str] = frozenset()) -> NameReading:
    """What a reply to "What's your first name?" gives, and whether it is a name.

    `codes` are the event codes on this number (upper case): a code is never a name.
    """
    cleaned = " ".join(_printable(text).split())
    folded = " ".join(yesno.words(cleaned))
    if not folded:
        return NameReading("", "not_a_name")
    if _is_question(cleaned, folded) or set(folded.upper().split()) <= codes:
        return NameReading("", "not_a_name")
    if set(folded.split()) <= GREETINGS or yesno.yes_or_no(cleaned, typos=False) is not None:
        return NameReading("", "not_a_name")
    name = _name_part(cleaned)
    if not name:
        return NameReading("", "not_a_name")
    name_words = yesno.words(name)
    if any(w in NOT_NAME_WORDS or w in ROLES for w in name_words) or any(
        ch.isdigit() for ch in name
    ):
        return NameReading(name, "doubtful")
    if EMAIL_OR_LINK.search(cleaned) or len(name_words) > 4:
        return NameReading(name, "doubtful")
    return NameReading(name, "name")


def self_introduction(text: str) -> str | None:
    """The name in a first text that says who is texting ("hi, I'm here for folk night,
    I'm Sophie", "Lee here"), or None when it says no name."""
    text = text.replace("’", "'")
    if not INTRODUCES_SELF.search(text):
        return None
    starts = [0] + [found.start() for found in LEAD_INS.finditer(text)]
    for start in starts:
        reading = read_name(text[start:])
        first = yesno.words(reading.name)[:1]
        if reading.verdict == "name" and first and first[0] not in STATES:
            return reading.name
    return None


def as_typed(text: str) -> str:
    """Take what someone insisted on as their name: its letters, politely short."""
    return _name_part(" ".join(_printable(text).split())) or _letters(text)


def _is_question(cleaned: str, folded: str) -> bool:
    several = len(folded.split()) > 1
    return several and (cleaned.rstrip().endswith("?") or folded.split()[0] in QUESTION_START)


def _name_part(cleaned: str) -> str:
    """The name in a reply: lead-in, tail and anything but letters trimmed away."""
    text = LEAD_IN.sub("", cleaned.replace("’", "'"), count=1)
    # "Priya. I work at Acme": the first sentence, unless it ends a title ("Dr. Eleanor").
    sentences = re.split(r"(?<=\w)\.\s+", text)
    while len(sentences) > 1 and sentences[0].casefold() in TITLES:
        sentences[:2] = [f"{sentences[0]}. {sentences[1]}"]
    text = TAIL.sub("", sentences[0])
    return _letters(text)


def _letters(text: str) -> str:
    """Letters (any script), marks, and the ' - . between them; at most NAME_LIMIT long."""
    kept = "".join(
        ch if ch.isalpha() or unicodedata.category(ch)[0] == "M" or ch in " '-." else " "
        for ch in text
    )
    words = [word.strip("'-.") for word in kept.split() if word.strip("'-.")]
    # A title keeps its full stop ("Dr. Eleanor"); the others were trimmed above.
    words = [w + "." if f"{w}." in text and w.casefold() in TITLES else w for w in words]
    name = ""
    for word in words:
        candidate = f"{name} {word}".strip()
        if len(candidate) > NAME_LIMIT:
            break
        name = candidate
    return name or (words[0][:NAME_LIMIT] if words else "")


def _printable(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
