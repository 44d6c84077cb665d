"""Every text the service answers with, in one place so the copy reads as a whole.

Our own words use GSM-7 characters only (no curly quotes, no emoji) and every reply,
filled with the longest values, fits in two SMS segments (tests/workers/texts/test_replies.py).
Placeholders in {braces} are filled by workers.texts.gsm.fill, which shortens them to fit.
"""

NO_EVENT = (
    "Hi! This is the Tablemates sign-up line, but no event is open on this number right "
    "now. When the host opens one, text the code on the sign to join."
)
WHICH_EVENT = (
    "Hi! Which event are you at? Text the event code from the sign at the door "
    "(a short word like {example}) to join."
)
WHICH_OF = "Hi! Which event are you at? Text {choices}."
SIGN_UP_CLOSED = (
    "Sorry, sign-up for {event} is closed, so we can't add you now. Thanks for thinking "
    "of it, and see you at the next one!"
)
SMS_ONLY = (
    "Tablemates works by text message (SMS), not WhatsApp: please text the event's code "
    "to this number from your phone's Messages app."
)
SORRY = "Sorry, something went wrong on our side. Please send that again in a minute."

ASK_NAME = (
    "Welcome to {event}! We'll seat you with people you don't know yet. What's your first name?"
)
ASK_NAME_AGAIN = "Sorry, I didn't catch a name. What's your first name?"
ASK_NAME_SHORT = "What's your first name?"
NAME_AFTER_HELLO = "Hi! What's your first name? Just the name is fine, e.g. Ana."
NAME_ABOUT = (
    "This is Tablemates for {event}: we seat you with people you don't know yet, then "
    "reshuffle. To join, what's your first name?"
)
NAME_DOUBTFUL = (
    "Sorry, is that your first name? Text just the name people should call you, e.g. Ana."
)
WELCOME = "Welcome to {event}!"
CODE_AGAIN = "Got it, you're joining {event}. "
NAME_NEEDED = "We need a first name so your tablemates know what to call you. What's yours?"
ABOUT_SIGN_UP = (
    "Tablemates seats you with people you don't know yet for {n} short rounds, then "
    "introduces you to people who can teach what you want to learn. "
)
EXPLAIN_CHOICE = "We ask so each table gets a good mix; you can also SKIP. "
LEAVING_SIGN_UP = "No problem, {name}! Text us again if you come back."
STILL_IN = "You're still in. "
HELP_NOT_SIGNED_UP = (
    "This is the Tablemates line for {event}: we seat you with people you don't know yet. "
    "Text {code} to sign up. STOP ends all texts."
)
NOT_SIGNED_UP = (
    "You're not signed up for {event} yet. Text {code} to join; your table comes by text "
    "once the rounds start."
)
ASK_AGAIN = "Sorry, I didn't get that. "
EXPLAIN_INTRO = "A line or two about you: what you do, what you love, where you're from. "
EXPLAIN_LEARN = "Anything you're curious about: salsa, sourdough, chess, coding, a language. "
EXPLAIN_TEACH = "Anything you know well, big or small: a recipe, a sport, an app, a skill. "
EXPLAIN_CONSENT = (
    "After the event we may text you the first name and number of someone who matches "
    "you, and give them yours. "
)
ASK_INTRO = "Nice to meet you, {name}! In two sentences, who are you? Text SKIP to skip this one."
ASK_LEARN = "What's one thing you'd like to learn? Anything at all: a skill, a hobby, a topic."
ASK_TEACH = "And one thing you could teach someone? Big or small, work or not."
ASK_FREE_QUESTION = "{question} (Text SKIP to skip.)"
ASK_CHOICE_QUESTION = "{question} Reply with a number: {choices}. Or SKIP."
CHOICE_AGAIN = "Sorry, that's not one of the choices. "
ASK_CONSENT = (
    "Last one: after the event, may we introduce you to people who can teach what you "
    "want to learn, or want to learn what you teach? Only your first name and number are "
    "shared, only with them. YES or NO?"
)
CONSENT_AGAIN = "Please reply YES or NO. "
EMPTY = "That text came through empty. "
MEDIA_ONLY = "We can only read words, not pictures. "

DONE = (
    "You're in, {name}! When a round starts you'll get a text with your table. Text HELP any time."
)
DONE_DURING_ROUND = (
    "You're in, {name}! Round {k} of {n} is on: your table comes by text in a moment. "
    "Text HELP any time."
)
DONE_AFTER_ROUNDS = "You're in, {name}! The rounds are over, so say hi to the people around you."
ALREADY_DONE = (
    "You're all set, {name}. Your table comes by text when the round starts. Text HELP for options."
)
UPDATED_LEARN = "Got it: you'd like to learn {value}. "
UPDATED_TEACH = "Got it: you can teach {value}. "
UPDATED_NAME = "Got it, we'll call you {value}. "
KEYWORD_NEEDS_TEXT = "Add what you mean after the word, e.g. {example}."

HELP = (
    "Tablemates, {event}. Text: TABLE where you sit now; NAME, LEARN or TEACH plus words "
    "to change an answer; LEAVE to skip later rounds; BACK to rejoin; DELETE to erase "
    "your data; STOP to end all texts."
)
NO_ROUND = "No round has started yet. You'll get a text with your table as soon as it does."
NO_ROUND_YET = "No round has started yet. "
TABLE_AFTER_SIGN_UP = "You'll get your table as soon as you've answered. "
ROUNDS_OVER = "The rounds are over, {name}: sit wherever you like and keep talking!"
TABLE_WHEN_LEFT = "You're marked as leaving, {name}, so you're not seated. Text BACK to rejoin."
NOT_SEATED = "You're not at a table this round, {name}. You'll be seated in the next round."
NOT_SEATED_LAST = (
    "This is the last round, {name}: join any table with a free seat, or ask the host."
)
LEFT_LAST_ROUND = "Thanks for coming, {name}! Safe trip home."
ROUND_INFO = (
    "Round {k} of {n}, {name}. At your table: a 2-sentence intro each, 1 thing you'd like "
    "to learn, 1 you could teach. Text TABLE for where you sit."
)
ABOUT_DONE = (
    "Tablemates seats you with people you don't know yet for {n} short rounds, {name}. "
    "Your table comes by text when the first round starts."
)
THANKS_BEFORE = "You're welcome, {name}! Your table comes by text when the first round starts."
THANKS_ROUND = "Enjoy your table, {name}! Text TABLE if you forget where you sit."
THANKS_LAST_ROUND = "Enjoy the last round, {name}! Text TABLE if you forget where you sit."
THANKS_LEFT = "Thanks for coming, {name}! Text BACK if you stay after all."
THANKS_OVER_INTROS = (
    "Thanks for coming to {event}, {name}! If we found someone who can teach what you want "
    "to learn, or wants to learn what you teach, you'll hear from us by text."
)
THANKS_OVER = "Thanks for coming to {event}, {name}! Hope to see you at the next one."
UNCLEAR_ROUND = (
    "Round {k} of {n} is on, {name}. Text TABLE for where you sit, LEAVE if you have to go, "
    "HELP for more. Anything else: ask the host."
)
UNCLEAR_LEFT = "You're marked as leaving, {name}. Text BACK to rejoin, or HELP for options."
UNCLEAR_OVER = (
    "Thanks for coming to {event}, {name}! The rounds are over. Text HELP for options, or "
    "ask the host."
)
LEFT = "Thanks for coming, {name}! We'll skip you in the next rounds. Text BACK if you stay."
BACK = "Welcome back, {name}! You'll be seated in the next round."
NOT_LEFT = "You're still in, {name}: you'll be seated in the next round."
CONFIRM_DELETE = (
    "This erases your name, answers and texts for {event}. Reply YES to erase them, "
    "or NO to keep them."
)
DELETED = "Done: your data for this event is erased. Text us again any time to sign up anew."
KEPT = "OK, nothing was erased. "
OPTED_IN = "Welcome back: you'll get texts from us again. Text HELP for options."

# Round texts (workers/texts/round_text.py picks the longest variant that fits two segments).
ROUND = (
    "Round {k} of {n}: go to TABLE {table}. You're with {names}. Each of you: a 2-sentence "
    "intro, 1 thing you'd like to learn, 1 thing you could teach."
)
ROUND_SHORT = "Round {k} of {n}: TABLE {table}, with {names}. Intro, 1 thing to learn, 1 to teach."
OTHERS = "{count} others"  # the end of a long list of tablemates: "Ana, Raj and 40 others"
ROUND_ALONE = "Round {k} of {n}: go to TABLE {table}. Others will join you there."
# The learn/teach line a round text ends with, where it fits (workers/texts/round_text.py):
# the reader's own pair when they have one at the table, else the table's best pair.
TALK_LEARNER = " {teacher} can teach you {topic}: ask!"
TALK_TEACHER = " {learner} would like to learn {topic} from you."
TALK_MUTUAL = " {teacher} can teach you {topic} and would like to learn {back} from you."
TALK_TABLE = " {learner} wants to learn {topic}; {teacher} can teach it."
SIT_OUT = (
    "Round {k} of {n}: sorry, {name}, every table is full this round. Grab a drink and "
    "say hi to someone near you; you'll be seated next round."
)

# After the event: learn/teach introductions (workers/intros/introductions.py).
# {phone} is never shortened.
MATCH_LEARNER = (
    "From {event}: you wanted to learn {learn}. {name} can teach {teach} and said yes "
    "to intros: {phone}. Say hi!"
)
MATCH_TEACHER = (
    "From {event}: {name} would like to learn {learn}, which you can teach, and said yes "
    "to intros: {phone}. Say hi!"
)
MATCH_MUTUAL = (
    "From {event}: {name} can teach you {teach} and would like to learn {learn} from you. "
    "You both said yes to intros: {phone}. Say hi!"
)
# Added to an introduction where it fits, the other person's intro shortened to fit.
INTRO_LINE = ' {name} says: "{intro}"'
NO_MATCH = (
    "Thanks for coming to {event}, {name}! We didn't find a learn/teach match for you "
    "this time. See you at the next one."
)

# Double opt-in (an event setting): each side is asked first; numbers only when both say yes.
OFFER_LEARNER = (
    "From {event}: reply YES {n} to be introduced to {name}, who can teach {teach}. "
    "Numbers are shared only if you both say yes."
)
OFFER_TEACHER = (
    "From {event}: reply YES {n} to be introduced to {name}, who would like to learn "
    "{learn}. Numbers are shared only if you both say yes."
)
OFFER_MUTUAL = (
    "From {event}: reply YES {n} to be introduced to {name}, who can teach {teach} and "
    "would like to learn {learn}. Numbers are shared only if you both say yes."
)
# Also the answer when the other side said no: a decline is never told.
OFFER_WAITING = "Thanks! If {name} says yes too, we'll text you each other's numbers."
OFFER_DECLINED = "OK, no introduction to {name}. Thanks for letting us know."
OFFER_HOURS = 72  # how long an offer waits for its YES (workers.intros.introductions), told here
OFFER_EXPIRED = f"Sorry, that offer has expired: offers last {OFFER_HOURS} hours."
OFFER_UNKNOWN = (
    "Sorry, we have no offer {n} for you. Reply YES or NO with the number from our text."
)
OFFER_NONE = "Sorry, we have no introduction waiting for you. Text HELP for options."
OFFER_ALREADY = "You already answered offer {n}. Thanks!"
WHICH_OFFER = (
    "You have more than one introduction waiting. Reply YES or NO with its number from our "
    "text, e.g. YES {n}."
)
