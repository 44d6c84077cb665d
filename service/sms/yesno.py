"""Read yes or no in everyday words: "ok yes", "sure why not", "nah", "not now", a thumbs up.

Used wherever a yes/no is asked: consent, the DELETE confirmation, introduction offers.
A text that hedges ("maybe", "not sure", "what does that mean?") is neither: the
question is asked again rather than guessed.
"""

import re
import unicodedata

from service.sms.keywords import one_typo

YES = (
    "yes", "y", "yeah", "yea", "ye", "yep", "yup", "ya", "yah", "yas", "yh", "ys", "yess",
    "sure", "ok", "okay", "okey", "oki", "okie", "k", "kk", "alright", "aight", "fine",
    "of course", "ofc", "why not", "sure why not", "absolutely", "definitely", "certainly",
    "for sure", "sure thing", "yes please", "please do", "please", "go ahead", "go for it",
    "sounds good", "sounds great", "count me in", "im in", "i am in", "happy to",
    "id love that", "i would love that", "love to", "id love to", "i would", "i do",
    "i agree", "agreed", "agree", "thats fine", "that is fine", "fine by me", "all good",
    "do it", "deal", "perfect", "great", "cool", "no problem", "no worries", "i dont mind",
    "dont mind", "affirmative", "totally", "yes of course", "by all means", "oui", "si",
    "ja", "da", "claro", "vale", "dale", "bien sur",
)  # fmt: skip
NO = (
    "no", "n", "nope", "nah", "naw", "na", "no thanks", "no thank you", "no thx", "no ty",
    "not now", "not really", "not interested", "rather not", "id rather not",
    "i would rather not", "prefer not", "i prefer not", "prefer not to", "dont", "do not",
    "i dont", "no way", "never", "not today", "pass", "ill pass", "i will pass", "negative",
    "not for me", "no i dont", "dont want to", "i dont want to", "not ok", "not okay",
    "stop", "unsubscribe",
    "non", "nein", "nee", "nei", "nada",
)  # fmt: skip
# Hedges: the person has not decided, or is asking.
UNSURE = (
    "maybe", "perhaps", "not sure", "unsure", "idk", "i dont know", "dont know", "dunno",
    "hmm", "hm", "depends", "what", "why", "how", "who", "huh", "later", "let me think",
    "possibly", "probably", "not yet", "what does", "what do you mean", "explain",
    "yes or no", "either",
)  # fmt: skip
YES_EMOJI = frozenset("👍👌✅✔☑🆗💯🙌🤙")
NO_EMOJI = frozenset("👎❌✖🚫🙅⛔")
QUESTION_WORDS = frozenset(
    {"what", "why", "how", "who", "when", "where", "does", "do", "can", "will", "would", "is"}
)
PHRASES: dict[tuple[str, ...], bool | None] = {
    **{tuple(p.split()): None for p in UNSURE},
    **{tuple(p.split()): False for p in NO},
    **{tuple(p.split()): True for p in YES},
}
LONGEST = max(len(p) for p in PHRASES)


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped ("I'd" -> "id"), punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("’", "")
    return re.sub(r"[^\w]+", " ", text).split()


def yes_or_no(text: str, typos: bool = True) -> bool | None:
    """True for yes, False for no, None when the text is neither (or both, or a hedge).

    With `typos`, a lone word one slip from yes, yeah, sure, okay or nope counts too: right
    where a yes or no is asked, wrong for reading a name ("Sue", "Yves")."""
    tokens = words(text)
    votes = _votes(tokens)
    if None in votes:
        return None
    if not votes:
        emoji = {True for ch in text if ch in YES_EMOJI} | {False for ch in text if ch in NO_EMOJI}
        if len(emoji) == 1 and not tokens:
            return emoji.pop()
        return _typo(tokens) if typos else None
    if len(set(votes)) > 1:
        return None
    if "?" in text and tokens and tokens[0] in QUESTION_WORDS:
        return None  # "do i have to say yes?"
    return votes[0]


def _votes(tokens: list[str]) -> list[bool | None]:
    """What each phrase in the text says, longest phrases first, read left to right."""
    votes: list[bool | None] = []
    i = 0
    while i < len(tokens):
        for size in range(min(LONGEST, len(tokens) - i), 0, -1):
            phrase = tuple(_squeeze(t) if size == 1 else t for t in tokens[i : i + size])
            if phrase in PHRASES:
                vote = PHRASES[phrase]
                i += size
                if vote is True and i < len(tokens) and tokens[i] == "not":
                    vote, i = False, i + 1  # "absolutely not", "of course not"
                votes.append(vote)
                break
        else:
            i += 1
    return votes


def _squeeze(word: str) -> str:
    """ "yesss" -> "yes", "noooo" -> "no", "okkk" -> "ok": a held key is one letter."""
    if (word,) in PHRASES:
        return word
    return re.sub(r"(.)\1+", r"\1", word)


def _typo(tokens: list[str]) -> bool | None:
    """A lone yes with one slip of the thumb: "yse", "yrs", "yeha", "suer", "okya"."""
    if len(tokens) != 1:
        return None
    word = tokens[0]
    if one_typo(word, "yes", shortest=3) or any(
        one_typo(word, w) for w in ("yeah", "sure", "okay")
    ):
        return True
    if one_typo(word, "nope"):
        return False
    return None
