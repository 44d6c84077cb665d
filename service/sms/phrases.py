"""What an everyday text is about, when it is no keyword and no answer: where do I sit,
thanks, I have to go, hello, what is this, what do you mean.

Each reader takes the words of the text (yesno.words) and looks for the whole gist, not a
lone word: "table tennis" is something to learn, "what table am I at" is a question.
"""

import re

# Where do I sit / what table / where should I go, in any wording, with the usual slips.
WHERE_TO_SIT = re.compile(
    r"\b(?:where|wher|whr|wheres|were)\b.{0,25}"
    r"\b(?:sit|sitting|seat|seated|table|tabel|tble|go|be|supposed|am i|i am|im)\b"
    r"|\b(?:what|wat|wht|which|whch|whats|wich)\b.{0,20}\b(?:table|tabel|tble|tabl|seat|group)\b"
    r"|\b(?:my|our)\s+(?:table|tabel|seat|group)\b"
    r"|\btable\s*(?:number|no|num|nr)\b"
    r"|\b(?:forgot|lost|remind me|dont know|dont remember)\b.{0,20}\b(?:table|seat|sit)\b"
    r"|\bwho\b.{0,15}\b(?:with|at my table|sitting with)\b"
)
THANKS_WORDS = frozenset(
    [
        "thanks",
        "thank",
        "thx",
        "thnx",
        "thanx",
        "tnx",
        "ty",
        "tysm",
        "tyvm",
        "cheers",
        "appreciate",
        "appreciated",
        "merci",
        "gracias",
        "danke",
        "grazie",
        "obrigado",
        "obrigada",
        "ta",
    ]
)
ACK_WORDS = frozenset(
    [
        "ok",
        "okay",
        "k",
        "kk",
        "cool",
        "great",
        "awesome",
        "perfect",
        "nice",
        "lovely",
        "got",
        "it",
        "gotcha",
        "will",
        "do",
        "sounds",
        "good",
        "alright",
        "fab",
        "yay",
        "noted",
        "amazing",
        "brilliant",
        "excellent",
        "wonderful",
        "sweet",
        "super",
        "fine",
    ]
)
THANKS_EMOJI = frozenset("🙏👍👌😊🙂😀😃😄❤♥💕🥰😍🎉👏✨💯")
LEAVING = re.compile(
    r"\b(?:have|got|gotta|need|needs|must|hav|hve)\s+(?:to\s+)?(?:go|leave|head (?:out|off|home)|"
    r"run|split|bounce|dip|take off|get going)\b"
    r"|\b(?:i am|im|we are|were|am)\s+(?:leaving|heading (?:out|off|home)|off|going home|out|"
    r"taking off|done for (?:the night|tonight|today))\b"
    r"|\b(?:my|our)\s+(?:ride|uber|lyft|taxi|cab|bus|train|lift)\b.{0,20}\b(?:here|is|waiting|arrived|leaves)\b"
    r"|\b(?:leaving|heading out|heading home|going home|off home)\b\s*(?:now|early|soon|sorry)?"
    r"|\b(?:gtg|g2g|gotta bounce)\b"
    r"|^(?:ok |okay )?(?:bye|goodbye|bye bye|byee+|cya|see ya|see you|later|good night|gn|night)"
    r"(?:\s+(?:all|everyone|now|guys|then))*$",
)
# A text asking for a toilet or the bar mentions going without leaving.
NOT_LEAVING = re.compile(r"\b(?:bathroom|toilet|restroom|loo|washroom|bar|drink|smoke|back)\b")
GREETING = re.compile(
    r"^(?:hi+|hello+|helo|hey+|heya|hiya|yo|howdy|sup|wassup|hola|bonjour|ciao|hallo|"
    r"good (?:morning|afternoon|evening)|hi there|hey there|hello there|hi all|hello again|"
    r"hi again)(?:\s+(?:there|all|again|everyone|guys|team))*$"
)
ABOUT = re.compile(
    r"^(?:what|wat|wht|who)\s*(?:is|s|are|r)?\s*(?:this|u|you|tablemates|it)\b"
    r"|\bwhat (?:is|s) (?:this|going on|happening)\b|\bwho (?:is|s) (?:this|texting)\b"
    r"|^(?:huh|what|wat|eh|sorry|\?+)$"
)
# "What do you mean?", "like what?", "example?": about the question just asked.
WHAT_DO_YOU_MEAN = re.compile(
    r"^(?:what do (?:you|u|ya) mean|wdym|like what|such as|example|examples|for example|"
    r"eg|e g|what kind of (?:thing|things)|no idea what to (?:say|put|write)|"
    r"what should i (?:say|put|write)|huh|what|what\s*\?|\?+|not sure what you mean|"
    r"i dont understand|dont understand|confused|what does that mean|what do i (?:say|write|put))$"
)


TABLE_WORDS = frozenset(["table", "tabel", "tbl", "tabl", "tble", "seat"])
FILLER = frozenset(["pls", "plz", "please", "number", "no", "num", "again", "now", "info", "mine"])
HELP = re.compile(
    r"^(?:what can i (?:text|do|say|send|ask)|options|menu|commands|keywords|"
    r"how does (?:this|it) work|how do i use this|help me|help pls|help please|info|"
    r"what are (?:the|my) options|what do i do now|what now|instructions)$"
)


# Where an answer about oneself is due, only a question naming a table or a seat counts:
# "where to go hiking" is something to learn.
WHERE_TO_SIT_STRICT = re.compile(
    r"\b(?:where|wher|whr|wheres|what|wat|which|whats)\b.{0,25}"
    r"\b(?:sit|sitting|seat|seated|table|tabel|tble)\b(?! tennis| manners| setting| game)"
    r"|\b(?:my|our)\s+(?:table|tabel|seat)\b(?! tennis| manners| setting| game)"
)


# Questions about the event itself, not answers: "how long does this take?", "what is this".
ABOUT_EVENT = re.compile(
    r"^(?:what|wat|wht|who)\s*(?:is|s|are|r)?\s*(?:this|u|you|tablemates|it)\b"
    r"|\bhow long (?:does|will|is)\b|\bhow many (?:rounds|more|people)\b|\bwhen does (?:it|this)\b"
    r"|\bwhat (?:happens|do (?:we|i) do|are we doing|now|next)\b|\bhow does (?:this|it) work\b"
    r"|\bhow do i (?:get involved|join|take part)\b|\bwhy (?:do|are) you\b|\bis this (?:a|the)\b"
)
# Leaving right now, said plainly enough to read even where an answer is due.
LEAVING_NOW = re.compile(
    r"\bmy (?:ride|uber|lyft|taxi|cab|lift) is here\b|\b(?:gotta|got to|have to|need to|must) "
    r"(?:go|leave|run) (?:now|sorry)\b|^(?:sorry )?(?:gotta go|got to go|gtg|g2g|leaving now|"
    r"heading out|im leaving|i am leaving)\b"
)


def about_event(folded: str) -> bool:
    """ "what is this", "how long does this take?", "how many rounds are left"."""
    return bool(ABOUT_EVENT.search(folded))


def leaving_now(folded: str) -> bool:
    """ "my ride is here", "gotta go": leaving, even where an answer is due."""
    return bool(LEAVING_NOW.search(folded))


def where_to_sit(folded: str, strict: bool = False) -> bool:
    """ "where do I sit?", "what table am i at", "which table", "my table?", "table pls".

    `strict` where an answer about oneself is due (see WHERE_TO_SIT_STRICT)."""
    words = folded.split()
    if words and words[0] in TABLE_WORDS and set(words[1:]) <= FILLER:
        return True
    if "learn" in folded or "teach" in folded:
        return False
    return bool((WHERE_TO_SIT_STRICT if strict else WHERE_TO_SIT).search(folded))


def asks_for_help(folded: str) -> bool:
    """ "what can i text", "options", "how does this work"."""
    return bool(HELP.match(folded))


def thanks(folded: str, text: str) -> bool:
    """ "thanks!", "thx", "ok cool thank you", "cheers", "🙏", "ok great"."""
    words = folded.split()
    if not words:
        return any(ch in THANKS_EMOJI for ch in text)
    if "?" in text or len(words) > 10:
        return False
    return any(w in THANKS_WORDS for w in words) or all(w in ACK_WORDS for w in words)


def leaving(folded: str) -> bool:
    """ "I have to go, my ride is here", "gotta go", "heading out", "bye all"."""
    return bool(LEAVING.search(folded)) and not NOT_LEAVING.search(folded)


BACK_AGAIN = re.compile(
    r"^(?:(?:ok|okay|actually|never mind|nevermind|nvm|sorry|wait|no|nope|hey|hi|oh)\s+)*"
    r"(?:i am|im|i m|we are|were)"
    r"\s+(?:back|staying|still here|not leaving)\b|^(?:ill|i will|we will|well) stay\b"
    r"|^(?:staying|still here|back again|back now)\b"
)


def back(folded: str) -> bool:
    """ "I'm back", "actually I'm staying", "still here": after LEAVE."""
    return bool(BACK_AGAIN.match(folded))


def greeting(folded: str) -> bool:
    return bool(GREETING.match(folded))


def about(folded: str) -> bool:
    """ "what is this?", "who is this", "huh?"."""
    return bool(ABOUT.search(folded))


def what_do_you_mean(folded: str) -> bool:
    return bool(WHAT_DO_YOU_MEAN.match(folded))
