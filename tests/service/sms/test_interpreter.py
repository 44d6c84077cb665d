"""The interpreter, text by text: sign-up, keywords, context and events (pure, no I/O)."""

from dataclasses import replace

import pytest

from service.sms.context import Context, EventQuestion, Profile, SignUp
from service.sms.interpreter import interpret
from service.sms.signup import next_step
from tests.service.sms.stages import (
    AGE,
    FOLK,
    JAZZ,
    NOW,
    ORG,
    SIGNED_UP,
    STEPS,
    WINTER,
    converse,
    signed_up,
    stage,
)
from workers.texts.gsm import segments


def replies(decisions):
    return [d.reply for d in decisions]


def test_a_whole_sign_up_one_question_per_text():
    profile, decisions = converse(
        ["FOLK", "Ana", "I bake bread. I sing.", "guitar", "sourdough", "Acme", "2", "yes"]
    )
    said = replies(decisions)
    assert "Folk Night" in said[0] and "first name" in said[0]
    assert "Ana" in said[1] and "two sentences" in said[1]
    assert "learn" in said[2]
    assert "teach" in said[3]
    assert "Where do you work" in said[4]
    assert "Age range?" in said[5] and "1 Under 25" in said[5]
    assert "YES or NO" in said[6] and "first name and number" in said[6]
    assert "You're in, Ana" in said[7]
    assert profile == Profile(
        step="done", name="Ana", intro="I bake bread. I sing.", learn="guitar",
        teach="sourdough", answers={"6": "Acme", "7": "25-39"}, consent=True, status="complete",
    )  # fmt: skip


def test_the_first_text_is_not_taken_as_a_name():
    profile, decisions = converse(["Ana"])
    assert profile.name is None and profile.step == "name"
    assert "first name" in decisions[0].reply


def test_a_first_text_that_says_who_is_texting_keeps_the_name():
    profile, decisions = converse(["hi, I'm Priya"])
    assert profile.name == "Priya" and profile.step == "intro"
    assert decisions[0].intent == "join" and "Welcome to Folk Night" in decisions[0].reply
    assert "Priya" in decisions[0].reply


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ana", "Ana"),
        ("  ana  ", "ana"),
        ("Hi, I'm Ana!", "Ana"),
        ("my name is Raj Patel", "Raj Patel"),
        ("it's Raj here", "Raj"),
        ("Priya (she/her)", "Priya"),
        ("Dr. Eleanor Fitzgerald-O'Brien", "Dr. Eleanor Fitzgerald-O'Brien"),
        ("李明", "李明"),
        ("محمد", "محمد"),
        ("Zoë-Anne O'Neil", "Zoë-Anne O'Neil"),
        ("Ana 😀", "Ana"),
        ("Will", "Will"),
        ("Sue", "Sue"),
        ("Yves", "Yves"),
    ],
)
def test_names_are_read_from_how_people_text(text, name):
    profile, _ = converse(["hi", text])
    assert profile.name == name  # as typed, lead-in and tail removed


@pytest.mark.parametrize(
    "text", ["FOLK", "folk", "hello", "hi there", "what is this", "what is this?", "ok", "yes"]
)
def test_what_is_never_a_name_is_asked_about_again_every_time(text):
    profile, decisions = converse(["FOLK", text, text, text])
    assert profile.name is None and profile.step == "name"
    assert all(d.intent == "ask_again" for d in decisions[1:])
    assert all("first name" in d.reply for d in decisions[1:])


def test_the_code_sent_twice_is_not_a_name_and_the_next_text_is():
    profile, decisions = converse(["FOLK", "FOLK", "Priya"])
    assert "Got it, you're joining Folk Night" in decisions[1].reply
    assert profile.name == "Priya"


@pytest.mark.parametrize(
    ("text", "taken"),
    [("test 123", "test"), ("not sure what to put", "not sure what to put"),
     ("Bartholomew " * 25, "Bartholomew " * 4)],
)  # fmt: skip
def test_a_doubtful_name_is_asked_about_once_then_taken(text, taken):
    profile, decisions = converse(["FOLK", text])
    assert profile.name is None and decisions[1].intent == "ask_again"
    assert "e.g. Ana" in decisions[1].reply
    profile, decisions = converse(["FOLK", text, text])
    assert decisions[2].intent == "answer" and profile.step == "intro"
    assert profile.name.startswith(taken.strip()) and len(profile.name) <= 60


def test_a_long_name_is_kept_and_shortened_for_texts():
    long = "Wolfeschlegelsteinhausenbergerdorff"
    profile, decisions = converse(["hi", long])
    assert profile.name == long and profile.step == "intro"
    assert "Nice to meet you, Wolfeschlegelsteinh" in decisions[1].reply


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "!!!", "123"])
def test_a_name_without_letters_is_asked_again(text):
    profile, decisions = converse(["hi", text])
    assert profile.name is None and profile.step in ("name", "name_again")
    assert "first name" in decisions[-1].reply or "e.g. Ana" in decisions[-1].reply


def test_intro_can_be_skipped():
    profile, _ = converse(["hi", "Ana", "skip"])
    assert profile.intro == "" and profile.step == "learn"


def test_choices_by_number_words_ranges_and_nonsense_asks_again():
    start = STEPS["age"]
    for text, value in [("3", "40-59"), ("under 25", "Under 25"), ("60", "60+"),
                        ("two", "25-39"), ("option 4", "60+"), ("I'm 31", "25-39"),
                        ("31", "25-39"), ("SKIP", "")]:  # fmt: skip
        assert interpret(signed_up(start), text).profile.answers["7"] == value, text
    for text in ("9", "0", "5", "purple"):
        again = interpret(signed_up(start), text)
        assert again.profile is None and again.intent == "ask_again"
        assert "not one of the choices" in again.reply and "1 Under 25" in again.reply


@pytest.mark.parametrize(
    ("text", "value"), [("no", "No"), ("nope lol", "No"), ("Yes!", "Yes"), ("skip", "")]
)
def test_a_yes_no_question_takes_no_as_its_answer_not_a_skip(text, value):
    veggie = EventQuestion("8", "Vegetarian?", ("Yes", "No"))
    event = replace(FOLK, questions=(veggie,))
    start = replace(STEPS["age"], step="q:8")
    assert interpret(signed_up(start, event), text).profile.answers["8"] == value


@pytest.mark.parametrize(
    ("text", "consent"),
    [("ok yes", True), ("sure why not", True), ("absolutely", True), ("of course", True),
     ("yep", True), ("y", True), ("yes please", True), ("why not", True), ("👍", True),
     ("👍🏽", True), ("yse", True), ("Yesss!", True), ("nah", False), ("no thanks", False),
     ("n", False), ("not now", False), ("absolutely not", False), ("nope", False)],
)  # fmt: skip
def test_consent_in_everyday_words(text, consent):
    decision = interpret(stage("consent"), text)
    assert decision.intent == "answer" and decision.profile.consent is consent


@pytest.mark.parametrize("text", ["maybe later", "what does that mean?", "idk", "yes no"])
def test_consent_that_is_neither_is_asked_again(text):
    decision = interpret(stage("consent"), text)
    assert decision.intent == "ask_again" and decision.profile is None
    assert "YES or NO" in decision.reply


def test_a_question_about_consent_is_explained():
    decision = interpret(stage("consent"), "who sees my number?")
    assert "first name and number" in decision.reply and "YES or NO" in decision.reply


HOSTS_WORDING = "Shall we text you one person to meet after tonight? YES or NO"


def test_the_hosts_consent_wording_is_asked_and_repeated():
    event = replace(FOLK, consent_text=HOSTS_WORDING)
    profile, decisions = converse(["hi", "Ana", "skip", "x", "y", "skip", "skip"], event)
    assert profile.step == "consent" and decisions[-1].reply == HOSTS_WORDING
    again = interpret(signed_up(profile, event), "maybe later")
    assert again.reply == "Please reply YES or NO. " + HOSTS_WORDING  # ours may not fit theirs
    assert interpret(signed_up(profile, event), "HELP").profile is None
    done = interpret(signed_up(profile, event), "yes")
    assert done.profile.consent is True and "You're in" in done.reply


def test_a_long_hosts_wording_is_repeated_without_our_prefix():
    long = "May we introduce you? " + "Señor ✨ " * 12 + "YES/NO"
    assert segments(long) == 2 < segments("Please reply YES or NO. " + long)
    event = replace(FOLK, consent_text=long)
    assert interpret(signed_up(STEPS["consent"], event), "hmm").reply == long
    assert interpret(signed_up(STEPS["teach"], event), "x").reply != long  # not consent yet


def test_answers_out_of_order_are_kept_and_not_asked_again():
    profile, decisions = converse(["hi", "TEACH guitar", "Ana", "skip", "baking"])
    assert profile.teach == "guitar"
    assert "you can teach guitar" in decisions[1].reply and "first name" in decisions[1].reply
    assert profile.learn == "baking"
    assert profile.step == "q:6"  # teach was not asked again


def test_teach_me_is_a_wish_to_learn():
    decision = interpret(stage("done"), "teach me piano")
    assert decision.profile.learn == "piano" and decision.profile.teach == "sourdough"


def test_keywords_change_answers_after_sign_up():
    done = SIGNED_UP
    outcome = interpret(signed_up(done), "learn: Sourdough baking")
    assert outcome.profile.learn == "Sourdough baking"
    assert outcome.reply == "Got it: you'd like to learn Sourdough baking."
    assert interpret(signed_up(done), "NAME Ana Maria").profile.name == "Ana Maria"
    assert "e.g. LEARN salsa" in interpret(signed_up(done), "learn").reply


def test_help_and_table_answer_without_moving_on():
    for text, expected in [("HELP", "DELETE to erase"), ("hlep", "DELETE to erase"),
                           ("TABLE", "No round")]:  # fmt: skip
        outcome = interpret(stage("learn"), text)
        assert outcome.profile is None
        assert expected in outcome.reply


def test_leave_and_back():
    left = interpret(stage("done"), "LEAVE").profile
    assert left.status == "left"
    assert interpret(signed_up(left), "back").profile.status == "complete"
    assert interpret(signed_up(left), "I'm back!").profile.status == "complete"
    assert "still in" in interpret(stage("done"), "back").reply


def test_delete_asks_first_then_erases_or_keeps():
    asked = interpret(stage("teach"), "delete")
    assert asked.profile.step == "confirm_delete" and "Reply YES" in asked.reply
    assert not asked.erase
    for yes in ("YES", "ok yes", "sure", "y", "DELETE"):
        erased = interpret(signed_up(asked.profile), yes)
        assert erased.erase and "erased" in erased.reply
    kept = interpret(signed_up(asked.profile), "no thanks")
    assert not kept.erase and kept.intent == "keep"
    assert kept.profile.step == "teach" and "nothing was erased" in kept.reply
    assert "teach" in kept.reply


def test_free_text_steps_do_not_read_names_as_keywords():
    profile, _ = converse(["hi", "Jack"])
    assert profile.name == "Jack"
    profile, _ = converse(["hi", "Mable"])
    assert profile.name == "Mable"


def test_empty_and_picture_only_texts_repeat_the_question():
    empty = interpret(stage("learn"), "")
    assert empty.profile is None and "empty" in empty.reply and "learn" in empty.reply
    picture = interpret(stage("learn"), "", media=2)
    assert "pictures" in picture.reply and "learn" in picture.reply


def test_what_do_you_mean_gets_examples():
    decision = interpret(stage("learn"), "like what?")
    assert decision.intent == "ask_again" and "salsa" in decision.reply
    assert interpret(stage("learn"), "how to fix my bike?").profile.learn == "how to fix my bike?"


def test_next_step_skips_answered_questions():
    assert next_step(Profile(), FOLK) == "name"
    assert next_step(Profile(name="A", intro="", learn="x", teach="y"), FOLK) == "q:6"
    full = Profile(name="A", intro="", learn="x", teach="y", answers={"6": "", "7": ""})
    assert next_step(full, FOLK) == "consent"
    assert next_step(replace(full, consent=False), FOLK) == "done"


@pytest.mark.parametrize(
    ("text", "opted_out", "intent"),
    [
        ("STOP", False, "opt_out"),
        ("stop", True, "opt_out"),
        (" Unsubscribe. ", False, "opt_out"),
        ("STOPALL", False, "opt_out"),
        ("quit", False, "opt_out"),
        ("START", True, "opt_in"),
        ("unstop", True, "opt_in"),
        ("yes", True, "opt_in"),
        ("hello", True, "ignore"),
    ],
)
def test_carrier_keywords(text, opted_out, intent):
    context = replace(signed_up(SIGNED_UP), opted_out=opted_out)
    decision = interpret(context, text)
    assert decision.intent == intent
    assert decision.opt_out is {"opt_out": True, "opt_in": False, "ignore": None}[intent]


@pytest.mark.parametrize("text", ["please stop texting me", "don't stop the music"])
def test_stop_inside_a_sentence_is_no_opt_out(text):
    assert interpret(stage("done"), text).opt_out is None


def test_start_from_someone_who_never_stopped_repeats_the_question():
    outcome = interpret(stage("learn"), "START")
    assert outcome.profile is None and "learn" in outcome.reply


# Context decides the fallback.


WHERE = ["what table am i at", "where do I sit?", "wher do i sit", "which table?", "table pls"]


@pytest.mark.parametrize("text", [*WHERE, "TABLE", "tabel", "my table?"])
def test_where_to_sit_during_a_round_shows_the_table_as_it_is_now(text):
    decision = interpret(stage("round"), text)
    assert decision.intent == "table" and decision.show_table


def test_where_to_sit_before_and_after_the_rounds():
    assert "No round has started" in interpret(stage("done"), "where do I sit?").reply
    over = interpret(stage("after"), "where do I sit?")
    assert over.intent == "table" and "rounds are over" in over.reply
    late = interpret(stage("signing_up_in_round"), "where do I sit?")
    assert "as soon as you've answered" in late.reply and "learn" in late.reply
    assert late.profile is None


def test_thanks_fits_the_moment():
    assert "when the first round starts" in interpret(stage("done"), "thanks!").reply
    during = interpret(stage("round"), "thanks!").reply
    assert "Enjoy" in during and "round starts" not in during
    after = interpret(stage("after"), "thanks!").reply
    assert "Thanks for coming" in after and "teach" in after and "round starts" not in after
    no_intros = replace(SIGNED_UP, consent=False)
    over = replace(FOLK, round=3, matched=True)
    assert "next one" in interpret(signed_up(no_intros, over), "thx").reply
    # "you'll hear from us" only while it can come true
    assert "hear from us" in interpret(signed_up(SIGNED_UP, over), "thx").reply
    sent = replace(over, intros_sent=True)
    assert "hear from us" not in interpret(signed_up(SIGNED_UP, sent), "thanks, bye!").reply
    nothing_to_match = replace(SIGNED_UP, learn="", teach="")
    assert "hear from us" not in interpret(signed_up(nothing_to_match, over), "thx").reply


@pytest.mark.parametrize(
    "text", ["I have to go, my ride is here", "gotta go", "heading out now", "leaving early sorry"]
)
def test_leaving_during_a_round_applies_leave(text):
    decision = interpret(stage("round"), text)
    assert decision.intent == "leave" and decision.profile.status == "left"
    assert "BACK" in decision.reply


def test_going_to_the_bathroom_is_not_leaving():
    assert interpret(stage("round"), "I have to go to the bathroom").intent != "leave"


def test_an_unclear_text_gets_a_short_help_fitting_the_moment():
    during = interpret(stage("round"), "is there parking?")
    assert during.intent == "unclear" and "Round 1 of 3" in during.reply
    assert "TABLE" in during.reply and "round starts" not in during.reply
    after = interpret(stage("after"), "asdf")
    assert "rounds are over" in after.reply


# Events.


def test_a_closed_events_code_never_signs_up_for_another():
    decision = interpret(Context((FOLK, WINTER)), "WINTER")
    assert decision.intent == "closed" and decision.profile is None
    assert "Winter Social is closed" in decision.reply


def test_a_closed_events_code_from_someone_signed_up_there_goes_on():
    context = Context((FOLK, WINTER), (SignUp(5, WINTER.id, SIGNED_UP, NOW),))
    decision = interpret(context, "WINTER")
    assert decision.event_id == WINTER.id and decision.intent != "closed"


def test_the_code_picks_among_open_events():
    assert interpret(Context((FOLK, JAZZ)), "hi").intent == "which_event"
    decision = interpret(Context((FOLK, JAZZ)), "jazz")
    assert decision.intent == "join" and decision.event_id == JAZZ.id


@pytest.mark.parametrize("text", ["HELP", "TABLE", "LEAVE", "BACK", "DELETE", "tabel", "START"])
def test_a_keyword_before_signing_up_creates_nothing(text):
    decision = interpret(Context((FOLK,)), text)
    assert decision.profile is None and "FOLK" in decision.reply


# Offers.


@pytest.mark.parametrize(
    ("text", "offer"), [("yes", (True, 1)), ("Y", (True, 1)), ("no thanks", (False, 1)),
                        ("sure!", (True, 1)), ("👍", (True, 1)), ("YES 1", (True, 1))]
)  # fmt: skip
def test_a_plain_yes_or_no_answers_the_one_open_offer(text, offer):
    decision = interpret(stage("offer_one"), text)
    assert decision.intent == "offer" and decision.offer == offer


def test_with_several_offers_open_a_plain_yes_asks_which():
    decision = interpret(stage("offer_two"), "yes")
    assert decision.intent == "which_offer" and "YES 1" in decision.reply
    assert interpret(stage("offer_two"), "yes 2").offer == (True, 2)
    assert interpret(stage("offer_two"), "yes2").offer == (True, 2)


def test_every_reply_fits_two_segments():
    for name in ("first", "name", "consent", "done", "round", "after", "offer_two"):
        for text in ("hi", "thanks", "where do I sit?", "HELP", "gotta go", "what?", "李" * 200):
            reply = interpret(stage(name), text).reply
            assert reply is None or segments(reply) <= 2, (name, text, reply)


def test_questions_are_kept_in_order():
    assert [q.key for q in FOLK.questions] == [ORG.key, AGE.key]


@pytest.mark.parametrize(
    ("step", "text"),
    [("learn", "where to go hiking"), ("learn", "which table tennis paddle to buy"),
     ("learn", "how to leave my job"), ("teach", "I have to go with knitting"),
     ("intro", "I'm a nurse. I have to go to work early tomorrow.")],
)  # fmt: skip
def test_answers_that_mention_going_or_tables_are_answers(step, text):
    decision = interpret(stage(step), text)
    assert decision.intent == "answer" and decision.profile.status == "signing_up"


# What a person trying an evening found (questions mid sign-up, late arrivals, the last round).


@pytest.mark.parametrize(
    ("step", "text"),
    [("intro", "what is this"), ("learn", "how long does this take?"),
     ("org", "how do I get involved"), ("teach", "how many rounds are there")],
)  # fmt: skip
def test_a_question_about_the_event_mid_sign_up_is_answered_not_stored(step, text):
    decision = interpret(stage(step), text)
    assert decision.intent == "ask_again" and decision.profile is None
    assert "short rounds" in decision.reply


def test_leaving_mid_sign_up_is_not_taken_as_an_answer():
    decision = interpret(stage("intro"), "I have to go, my ride is here")
    assert decision.intent == "leave" and decision.profile.status == "left"
    assert decision.profile.intro is None


def test_back_mid_sign_up_asks_the_pending_question():
    decision = interpret(stage("learn"), "BACK")
    assert "still in" in decision.reply and "learn" in decision.reply


@pytest.mark.parametrize(
    ("text", "intent", "name"),
    [("sorry im late! I'm Kofi", "answer", "Kofi"),
     ("engineer at Huawei, like badminton", "ask_again", None), ("skip", "ask_again", None)],
)  # fmt: skip
def test_names_from_what_people_say_at_the_door(text, intent, name):
    decision = interpret(stage("name"), text)
    assert decision.intent == intent
    assert (decision.profile.name if decision.profile else None) == name


def test_skip_is_never_a_name_even_after_asking_once():
    profile = replace(STEPS["name"], step="name_again")
    decision = interpret(signed_up(profile), "skip")
    assert decision.intent == "ask_again" and "need a first name" in decision.reply


def test_a_question_about_a_choice_is_explained():
    decision = interpret(stage("age"), "what does that mean?")
    assert "good mix" in decision.reply and "1 Under 25" in decision.reply


def test_maybe_at_consent_gets_the_question_explained():
    assert "first name and number" in interpret(stage("consent"), "maybe").reply


def test_a_late_arrival_asking_where_to_sit_gets_the_seat_they_have():
    decision = interpret(stage("signing_up_in_round"), "where do I sit?")
    assert decision.show_table and "as soon as you've answered" in decision.reply


def test_finishing_sign_up_during_a_round_says_the_table_is_coming():
    during = replace(FOLK, round=2)
    decision = interpret(signed_up(STEPS["consent"], during), "yes")
    assert "Round 2 of 3 is on" in decision.reply and "When a round starts" not in decision.reply


def test_leaving_in_the_last_round_mentions_no_next_round():
    decision = interpret(stage("last_round"), "gotta go")
    assert decision.profile.status == "left" and "next round" not in decision.reply
    assert "last round" in interpret(stage("last_round"), "TABLE").reply  # if not seated


@pytest.mark.parametrize("text", ["hey i'm back, where do i sit?", "wait no im back"])
def test_back_in_everyday_words_wins_over_the_question(text):
    decision = interpret(stage("left"), text)
    assert decision.intent == "back" and decision.profile.status == "complete"


def test_a_question_at_the_delete_confirmation_asks_again():
    decision = interpret(stage("confirm_delete"), "what does that mean")
    assert decision.intent == "ask_again" and not decision.erase and decision.profile is None


def test_a_question_about_the_round_is_answered():
    decision = interpret(stage("round"), "how many rounds are left?")
    assert "Round 1 of 3" in decision.reply and "2-sentence intro" in decision.reply


def test_which_event_names_the_events_open():
    reply = interpret(Context((FOLK, JAZZ)), "hi").reply
    assert "Text FOLK for Folk Night or JAZZ for Jazz Brunch." in reply
