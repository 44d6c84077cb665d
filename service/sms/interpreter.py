"""What a text means: the one place that decides, for every inbound text.

`interpret(context, body)` reads the text once and answers with one Decision, from what we
know of the number: its sign-ups and the step each is at, the events on the number (open
for sign-up or not, before, during or after their rounds) and its open introduction offers.
Pure: no database, Redis or Flask; the webhook loads the context and applies the decision.

The order of reading:
1. the carrier's words (STOP, START), which apply to the number before anything else;
2. which event and sign-up the text is for (a code in the text, else the latest sign-up);
3. the DELETE confirmation, answers to introduction offers, and keywords;
4. what people say in passing: where do I sit, thanks, I have to go, hello;
5. the answer to the question the person is on, or a short answer fitting the moment.

The decision's intent names what the text meant: join (a first text: sign-up starts),
which_event, closed (a closed event's code), no_event, answer, ask_again (not taken: the
question again, kindly), help, table, thanks, greeting, unclear, leave, back, change (NAME,
LEARN, TEACH), delete, erase, keep, offer, which_offer, opt_out, opt_in, ignore (a number
that said STOP). tests/service/sms/corpus.json holds texts at every stage with the intent expected.
"""

from dataclasses import replace

from service.sms import keywords, names, phrases, signup
from service.sms.context import (
    BEFORE,
    LAST_ROUND,
    OVER,
    Context,
    Decision,
    EventState,
    Profile,
    SignUp,
)
from service.sms.reading import Reading
from workers.texts import replies
from workers.texts.display_names import display_name
from workers.texts.gsm import fill

NEEDS_A_SIGN_UP = ("TABLE", "LEAVE", "BACK", "DELETE")


def interpret(context: Context, body: str, media: int = 0) -> Decision:
    """Decide what one text means and what to answer (see the module's doc)."""
    text = Reading(body, media)
    context = _on_this_number(context)
    carrier = _carrier(context, text)
    if carrier is not None:
        return carrier
    sign_up, event, closed = _pick(context, text)
    if closed is not None:
        return Decision("closed", fill(replies.SIGN_UP_CLOSED, event=closed.name), closed.id)
    if event is None:
        if not _open(context):
            return Decision("no_event", replies.NO_EVENT)
        intent = "help" if text.command and text.command.word == "HELP" else "which_event"
        return Decision(intent, _which_event(_open(context)))
    if sign_up is None:
        return _first_text(event, text)
    return _from_sign_up(sign_up, event, text)


def _carrier(context: Context, text: Reading) -> Decision | None:
    """STOP and its synonyms alone (Twilio answers them), START, and an opted-out number."""
    word = text.command.word if text.command else None
    if word == "STOP":
        return Decision("opt_out", None, opt_out=True)
    if context.opted_out:
        if word == "START" or (word is None and text.yes_no is True):
            return Decision("opt_in", replies.OPTED_IN, opt_out=False)
        return Decision("ignore", None)  # never text a number that said STOP
    return None


def _open(context: Context) -> list[EventState]:
    """The events open for sign-up."""
    return [e for e in context.events if e.is_open]


def _which_event(events: list[EventState]) -> str:
    """Ask which event: "Text FOLK for Folk Night or JAZZ for Jazz Brunch." (a few at most)."""
    if len(events) > 3:
        return fill(replies.WHICH_EVENT, example=events[0].code)
    named = [f"{e.code} for {e.name}" for e in events]
    reply = fill(replies.WHICH_OF, choices=", ".join(named[:-1]) + " or " + named[-1])
    return reply if len(reply) < 160 else fill(replies.WHICH_EVENT, example=events[0].code)


def _on_this_number(context: Context) -> Context:
    """Events tied to the Twilio number texted come before those open on any number: when
    there are some, the others (and sign-ups there) are not this text's business."""
    bound = [e for e in context.events if e.bound]
    if not bound or len(bound) == len(context.events):
        return context
    ids = {e.id for e in bound}
    return replace(
        context,
        events=tuple(bound),
        sign_ups=tuple(s for s in context.sign_ups if s.event_id in ids),
    )


def _pick(
    context: Context, text: Reading
) -> tuple[SignUp | None, EventState | None, EventState | None]:
    """(the sign-up the text is for, its event, a closed event it names instead)."""
    mine = {s.event_id: s for s in context.sign_ups}
    by_id = {e.id: e for e in context.events}
    named = [e for e in context.events if e.code.upper() in text.codes]
    for event in named:
        if event.id in mine:
            return mine[event.id], event, None
    closed = [e for e in named if not e.is_open]
    opened = [e for e in named if e.is_open]
    if len(opened) == 1:
        return None, opened[0], None
    if closed and not opened:
        return None, None, closed[0]  # a closed event's code never signs up for another
    events = _open(context)
    current = [s for s in context.sign_ups if by_id[s.event_id].is_open]
    if not current and (len(events) != 1 or text.command is not None):
        # Sign-up closed since: keywords and answers still work there, while any other
        # text to a number with one event open starts sign-up for that one.
        current = list(context.sign_ups)
    if current:
        latest = max(current, key=lambda s: (_when(s), s.id))
        return latest, by_id[latest.event_id], None
    return None, (events[0] if len(events) == 1 else None), None


def _when(sign_up: SignUp) -> float:
    return sign_up.updated_at.timestamp() if sign_up.updated_at else 0.0


def _first_text(event: EventState, text: Reading) -> Decision:
    """A number's first text to this event: sign-up starts, unless it is a keyword."""
    command = text.command
    if command is not None and command.word in ("HELP", "START"):
        return Decision("help", fill(replies.HELP_NOT_SIGNED_UP, event=event.name, code=event.code))
    if command is not None and command.word in NEEDS_A_SIGN_UP:
        reply = fill(replies.NOT_SIGNED_UP, event=event.name, code=event.code)
        return Decision(command.word.lower(), reply)
    profile = Profile()
    if command is not None and command.text:  # NAME, LEARN or TEACH with words: kept
        return _change(profile, command, event, None, new=True)
    if (name := names.self_introduction(text.body)) is not None:
        profile, reply = signup.advance(replace(profile, name=name), event)
        welcome = fill(replies.WELCOME, event=event.name)
        return Decision("join", welcome + " " + reply, event.id, None, profile)
    return Decision("join", fill(replies.ASK_NAME, event=event.name), event.id, None, profile)


def _from_sign_up(sign_up: SignUp, event: EventState, text: Reading) -> Decision:
    profile = sign_up.profile
    if profile.step == signup.CONFIRM_DELETE:
        return _confirm_delete(sign_up, event, text)
    offer = _offer(sign_up, event, text)
    if offer is not None:
        return offer
    command = text.command
    if command is not None and not (
        signup.takes_free_text(profile.step) and not command.exact and command.word != "HELP"
    ):
        return _keyword(sign_up, event, command)
    if text.is_empty():
        prefix = replies.MEDIA_ONLY if text.media else replies.EMPTY
        return _same(sign_up, event, "ask_again", signup.prompt(profile, event, prefix))
    if profile.status == "left" and phrases.back(text.folded):
        return _keyword(sign_up, event, keywords.Command("BACK"))
    strict = signup.takes_free_text(profile.step) and profile.step != signup.NAME
    if phrases.where_to_sit(text.folded, strict):
        return _table(sign_up, event)
    if profile.status == "signing_up":
        if phrases.leaving_now(text.folded):
            after = replace(profile, status="left")
            reply = fill(replies.LEAVING_SIGN_UP, name=signup.greeting_name(profile) or "friend")
            return _decided("leave", reply, sign_up, event, profile, after)
        if profile.step not in (signup.NAME, signup.NAME_AGAIN) and phrases.about_event(
            text.folded
        ):
            prefix = fill(replies.ABOUT_SIGN_UP, n=str(event.rounds))
            return _same(sign_up, event, "ask_again", signup.prompt(profile, event, prefix))
    if text.folded.upper() == event.code.upper() and profile.step != signup.DONE:
        # The code again (a slow signal at the door sends it twice): they are in already.
        reply = signup.prompt(profile, event, fill(replies.CODE_AGAIN, event=event.name))
        return _same(sign_up, event, "ask_again", reply)
    if profile.step == signup.DONE or profile.status == "left":
        if phrases.leaving(text.folded) and profile.status != "left":
            return _leave(sign_up, event)
        return _in_passing(sign_up, event, text)
    intent, after, reply = signup.answer(profile, text, event)
    return _decided(intent, reply, sign_up, event, profile, after)


def _decided(
    intent: str,
    reply: str,
    sign_up: SignUp | None,
    event: EventState,
    before: Profile,
    after: Profile,
) -> Decision:
    sign_up_id = sign_up.id if sign_up else None
    return Decision(intent, reply, event.id, sign_up_id, after if after != before else None)


def _same(sign_up: SignUp, event: EventState, intent: str, reply: str) -> Decision:
    return Decision(intent, reply, event.id, sign_up.id)


def _confirm_delete(sign_up: SignUp, event: EventState, text: Reading) -> Decision:
    if text.yes_no is True or (text.command is not None and text.command.word == "DELETE"):
        return Decision("erase", replies.DELETED, event.id, sign_up.id, erase=True)
    if text.yes_no is None and ("?" in text.body or text.question):  # asking, not saying no
        return _same(sign_up, event, "ask_again", fill(replies.CONFIRM_DELETE, event=event.name))
    profile = sign_up.profile
    back = replace(profile, step=profile.resume_step or signup.NAME, resume_step=None)
    return _decided("keep", signup.prompt(back, event, replies.KEPT), sign_up, event, profile, back)


def _offer(sign_up: SignUp, event: EventState, text: Reading) -> Decision | None:
    """An answer to an introduction offer: "YES 1", or a plain yes/no with one offer open."""
    if event.matched and text.offer is not None:
        return Decision("offer", None, event.id, sign_up.id, offer=text.offer)
    if not sign_up.open_offers or sign_up.profile.step != signup.DONE:
        return None
    if text.command is not None or text.yes_no is None:
        return None
    if sign_up.open_offers == 1 and sign_up.first_open_offer is not None:
        return Decision(
            "offer", None, event.id, sign_up.id, offer=(text.yes_no, sign_up.first_open_offer)
        )
    reply = fill(replies.WHICH_OFFER, n=str(sign_up.first_open_offer or 1))
    return _same(sign_up, event, "which_offer", reply)


def _keyword(sign_up: SignUp, event: EventState, command: keywords.Command) -> Decision:
    profile = sign_up.profile
    name = signup.greeting_name(profile) or "friend"
    word = command.word
    if word == "HELP":
        return _same(sign_up, event, "help", fill(replies.HELP, event=event.name))
    if word == "TABLE":
        return _table(sign_up, event)
    if word == "LEAVE":
        return _leave(sign_up, event)
    if word == "BACK":
        if profile.status == "signing_up":
            return _same(sign_up, event, "back", signup.prompt(profile, event, replies.STILL_IN))
        if profile.status != "left":
            return _same(sign_up, event, "back", fill(replies.NOT_LEFT, name=name))
        status = "complete" if profile.step == signup.DONE else "signing_up"
        after = replace(profile, status=status)
        return _decided("back", fill(replies.BACK, name=name), sign_up, event, profile, after)
    if word == "DELETE":
        after = replace(profile, resume_step=profile.step, step=signup.CONFIRM_DELETE)
        reply = fill(replies.CONFIRM_DELETE, event=event.name)
        return _decided("delete", reply, sign_up, event, profile, after)
    if word == "START":  # from someone who never stopped: where were we?
        return _same(sign_up, event, "help", signup.prompt(profile, event))
    return _change(profile, command, event, sign_up)


def _change(
    profile: Profile, command: keywords.Command, event: EventState, sign_up: SignUp | None,
    new: bool = False,
) -> Decision:  # fmt: skip
    """LEARN, TEACH or NAME followed by text: change that answer at any time."""
    field_name = command.word.lower()
    words = command.text
    if field_name == "teach" and words.casefold().startswith("me "):
        field_name, words = "learn", words[3:]  # "teach me guitar": a wish to learn
    value = names.as_typed(words) if field_name == "name" else signup.clean(words, 200)
    if not value:
        example = {"name": "NAME Ana", "learn": "LEARN salsa", "teach": "TEACH chess"}[field_name]
        return Decision(
            "change", fill(replies.KEYWORD_NEEDS_TEXT, example=example), event.id,
            sign_up.id if sign_up else None,
        )  # fmt: skip
    after = replace(profile, **{field_name: value})
    template = {"name": replies.UPDATED_NAME, "learn": replies.UPDATED_LEARN}.get(
        field_name, replies.UPDATED_TEACH
    )
    shown = display_name(value) if field_name == "name" else value
    prefix = fill(template, max_segments=1, value=shown)
    step = profile.step
    if after.status == "signing_up" and (new or step in (field_name, signup.NAME_AGAIN, "done")):
        after, reply = signup.advance(after, event, prefix)
    elif after.status == "signing_up":
        reply = signup.prompt(after, event, prefix)
    else:
        reply = prefix.strip()
    intent = "join" if new else "change"
    return _decided(intent, reply, sign_up, event, profile, after)


def _table(sign_up: SignUp, event: EventState) -> Decision:
    """Where do I sit: the table as it is now, once a round is on (the reply here is for
    someone with no seat in it)."""
    profile = sign_up.profile
    name = signup.greeting_name(profile) or "friend"
    phase = event.phase
    if phase == OVER:
        return _same(sign_up, event, "table", fill(replies.ROUNDS_OVER, name=name))
    if profile.status == "signing_up":
        prefix = replies.NO_ROUND_YET if phase == BEFORE else replies.TABLE_AFTER_SIGN_UP
        reply = signup.prompt(profile, event, prefix)
        if phase == BEFORE:
            return _same(sign_up, event, "table", reply)
    elif phase == BEFORE:
        return _same(sign_up, event, "table", replies.NO_ROUND)
    elif profile.status == "left":
        return _same(sign_up, event, "table", fill(replies.TABLE_WHEN_LEFT, name=name))
    else:
        unseated = replies.NOT_SEATED_LAST if phase == LAST_ROUND else replies.NOT_SEATED
        reply = fill(unseated, name=name)
    return Decision("table", reply, event.id, sign_up.id, show_table=True)


def _leave(sign_up: SignUp, event: EventState) -> Decision:
    profile = sign_up.profile
    name = signup.greeting_name(profile) or "friend"
    if event.phase == OVER:
        return _same(sign_up, event, "leave", _thanks_for_coming(profile, event))
    after = replace(profile, status="left")
    template = replies.LEFT_LAST_ROUND if event.phase == LAST_ROUND else replies.LEFT
    return _decided("leave", fill(template, name=name), sign_up, event, profile, after)


def _in_passing(sign_up: SignUp, event: EventState, text: Reading) -> Decision:
    """After sign-up: thanks, hello or anything else, answered as fits the moment."""
    profile = sign_up.profile
    name = signup.greeting_name(profile) or "friend"
    phase = event.phase
    if text.thanks or text.yes_no is not None:
        if profile.status == "left" and phase != OVER:
            return _same(sign_up, event, "thanks", fill(replies.THANKS_LEFT, name=name))
        reply = {
            BEFORE: replies.THANKS_BEFORE,
            LAST_ROUND: replies.THANKS_LAST_ROUND,
        }.get(phase, replies.THANKS_ROUND)
        if phase == OVER:
            return _same(sign_up, event, "thanks", _thanks_for_coming(profile, event))
        return _same(sign_up, event, "thanks", fill(reply, name=name))
    if phrases.asks_for_help(text.folded):
        return _same(sign_up, event, "help", fill(replies.HELP, event=event.name))
    if phrases.about_event(text.folded) and phase != OVER:
        if phase == BEFORE:
            reply = fill(replies.ABOUT_DONE, name=name, n=str(event.rounds))
        else:
            reply = fill(replies.ROUND_INFO, name=name, k=str(event.round), n=str(event.rounds))
        return _same(sign_up, event, "unclear", reply)
    intent = "greeting" if phrases.greeting(text.folded) else "unclear"
    if phase == OVER:
        reply = fill(replies.UNCLEAR_OVER, name=name, event=event.name)
    elif phase == BEFORE:
        reply = fill(replies.ALREADY_DONE, name=name)
    elif profile.status == "left":
        reply = fill(replies.UNCLEAR_LEFT, name=name)
    else:
        reply = fill(replies.UNCLEAR_ROUND, name=name, k=str(event.round), n=str(event.rounds))
    return _same(sign_up, event, intent, reply)


def _thanks_for_coming(profile: Profile, event: EventState) -> str:
    name = signup.greeting_name(profile) or "friend"
    # "You'll hear from us" only while it can still be true: someone said yes to intros
    # and gave something to learn or teach, and the introductions have not gone out yet.
    if profile.consent and (profile.learn or profile.teach) and not event.intros_sent:
        return fill(replies.THANKS_OVER_INTROS, name=name, event=event.name)
    return fill(replies.THANKS_OVER, name=name, event=event.name)
