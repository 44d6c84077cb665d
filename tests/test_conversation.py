"""The sign-up conversation as pure logic: state + text in, state + reply out."""

from dataclasses import replace

import pytest

from service.conversation import (
    EventView,
    Profile,
    Question,
    carrier_keyword,
    next_step,
    respond,
)
from service.gsm import segments

AGE = Question("7", "Age range?", ("Under 25", "25-39", "40-59", "60+"))
ORG = Question("6", "Where do you work or study? We seat colleagues apart.")
EVENT = EventView("Folk Night", "FOLK", (ORG, AGE))


def run(texts, profile=None, event=EVENT):
    """Play texts from a new person; return the final profile and every reply."""
    outcome = respond(Profile(), texts[0], event, new=True) if profile is None else None
    profile = outcome.profile if outcome else profile
    replies = [outcome.reply] if outcome else []
    for text in texts[1 if outcome else 0 :]:
        outcome = respond(profile, text, event)
        profile = outcome.profile
        replies.append(outcome.reply)
    return profile, replies


def test_a_whole_sign_up_one_question_per_text():
    profile, replies = run(
        ["FOLK", "Ana", "I bake bread. I sing.", "guitar", "sourdough", "Acme", "2", "yes"]
    )
    assert "Folk Night" in replies[0] and "first name" in replies[0]
    assert "Ana" in replies[1] and "two sentences" in replies[1]
    assert "learn" in replies[2]
    assert "teach" in replies[3]
    assert "Where do you work" in replies[4]
    assert "Age range?" in replies[5] and "1 Under 25" in replies[5]
    assert "YES or NO" in replies[6] and "first name and number" in replies[6]
    assert "You're in, Ana" in replies[7]
    assert profile == Profile(
        step="done",
        name="Ana",
        intro="I bake bread. I sing.",
        learn="guitar",
        teach="sourdough",
        answers={"6": "Acme", "7": "25-39"},
        consent=True,
        status="complete",
    )


def test_the_first_text_is_not_taken_as_a_name():
    profile, replies = run(["Ana"])
    assert profile.name is None and profile.step == "name"
    assert "first name" in replies[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ana", "Ana"),
        ("  ana  ", "ana"),
        ("Hi, I'm Ana!", "Ana"),
        ("my name is Raj Patel", "Raj Patel"),
        ("李明", "李明"),
        ("محمد", "محمد"),
        ("Zoë-Anne O'Neil", "Zoë-Anne O'Neil"),
        ("Ana 😀", "Ana"),
    ],
)
def test_names_are_read_from_how_people_text(text, name):
    profile, _ = run(["hi", text])
    assert profile.name == name


def test_a_300_character_name_is_kept_politely_short():
    profile, _ = run(["hi", "Bartholomew " * 25])
    assert profile.name is not None and 0 < len(profile.name) <= 30
    assert profile.name.startswith("Bartholomew")
    assert profile.step == "intro"


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "!!!", "123"])
def test_a_name_without_letters_is_asked_again(text):
    profile, replies = run(["hi", text])
    assert profile.name is None and profile.step == "name"
    assert "first name" in replies[-1]


def test_intro_can_be_skipped():
    profile, _ = run(["hi", "Ana", "skip"])
    assert profile.intro == "" and profile.step == "learn"


def test_choices_by_number_words_or_start_and_nonsense_asks_again():
    start = Profile(step="q:7", name="Ana", intro="", learn="x", teach="y", answers={"6": ""})
    assert respond(start, "3", EVENT).profile.answers["7"] == "40-59"
    assert respond(start, "under 25", EVENT).profile.answers["7"] == "Under 25"
    assert respond(start, "60", EVENT).profile.answers["7"] == "60+"
    again = respond(start, "9", EVENT)
    assert again.profile == start
    assert "not one of the choices" in again.reply and "1 Under 25" in again.reply
    assert respond(start, "SKIP", EVENT).profile.answers["7"] == ""


def test_consent_needs_yes_or_no():
    start = Profile(
        step="consent", name="Ana", intro="", learn="x", teach="y", answers={"6": "", "7": ""}
    )
    assert respond(start, "Yep", EVENT).profile.consent is True
    assert respond(start, "no thanks", EVENT).profile.consent is False
    again = respond(start, "maybe later", EVENT)
    assert again.profile == start and "YES or NO" in again.reply


HOSTS_WORDING = "Shall we text you one person to meet after tonight? YES or NO"


def test_the_hosts_consent_wording_is_asked_and_repeated():
    event = replace(EVENT, consent_text=HOSTS_WORDING)
    profile, replies = run(["hi", "Ana", "skip", "x", "y", "skip", "skip"], event=event)
    assert profile.step == "consent" and replies[-1] == HOSTS_WORDING
    again = respond(profile, "maybe later", event)
    assert again.reply == "Please reply YES or NO. " + HOSTS_WORDING
    assert respond(profile, "HELP", event).profile == profile
    done = respond(profile, "yes", event)
    assert done.profile.consent is True and "You're in" in done.reply


def test_a_long_hosts_wording_is_repeated_without_our_prefix():
    long = "May we introduce you? " + "Señor ✨ " * 12 + "YES/NO"
    assert segments(long) == 2 < segments("Please reply YES or NO. " + long)
    event = replace(EVENT, consent_text=long)
    start = Profile(step="consent", name="Ana", intro="", learn="x", teach="y",
                    answers={"6": "", "7": ""})  # fmt: skip
    assert respond(start, "hmm", event).reply == long
    assert respond(replace(start, step="learn", learn=None), "x", event).reply == long


def test_without_the_hosts_wording_ours_is_asked():
    _, replies = run(["hi", "Ana", "skip", "x", "y", "skip", "skip"])
    assert replies[-1].startswith("Last one: after the event, may we introduce you")


def test_answers_out_of_order_are_kept_and_not_asked_again():
    profile, replies = run(["hi", "TEACH guitar", "Ana", "skip", "baking"])
    assert profile.teach == "guitar"
    assert "you can teach guitar" in replies[1] and "first name" in replies[1]
    assert profile.learn == "baking"
    assert profile.step == "q:6"  # teach was not asked again


def test_keywords_change_answers_after_sign_up():
    done, _ = run(["hi", "Ana", "skip", "a", "b", "skip", "skip", "no"])
    assert done.status == "complete"
    outcome = respond(done, "learn: Sourdough baking", EVENT)
    assert outcome.profile.learn == "Sourdough baking"
    assert outcome.reply == "Got it: you'd like to learn Sourdough baking."
    assert respond(done, "NAME Ana Maria", EVENT).profile.name == "Ana Maria"
    assert "e.g. LEARN salsa" in respond(done, "learn", EVENT).reply


def test_help_and_table_answer_without_moving_on():
    profile = Profile(step="learn", name="Ana", intro="")
    for text, expected in [
        ("HELP", "DELETE to erase"),
        ("hlep", "DELETE to erase"),
        ("TABLE", "No round"),
    ]:
        outcome = respond(profile, text, EVENT)
        assert outcome.profile == profile
        assert expected in outcome.reply
    seated = replace(EVENT, table_text="Round 1 of 3: go to TABLE 7.")
    assert respond(profile, "table", seated).reply == "Round 1 of 3: go to TABLE 7."


def test_leave_and_back():
    done = Profile(step="done", name="Ana", status="complete")
    left = respond(done, "LEAVE", EVENT).profile
    assert left.status == "left"
    assert respond(left, "back", EVENT).profile.status == "complete"
    assert "still in" in respond(done, "back", EVENT).reply


def test_delete_asks_first_then_erases_or_keeps():
    profile = Profile(step="teach", name="Ana", intro="", learn="x")
    asked = respond(profile, "delete", EVENT)
    assert asked.profile.step == "confirm_delete" and "Reply YES" in asked.reply
    assert not asked.erase
    erased = respond(asked.profile, "YES", EVENT)
    assert erased.erase and "erased" in erased.reply
    kept = respond(asked.profile, "no", EVENT)
    assert not kept.erase
    assert kept.profile.step == "teach" and "nothing was erased" in kept.reply
    assert "teach" in kept.reply


def test_free_text_steps_do_not_read_names_as_keywords():
    profile, _ = run(["hi", "Jack"])
    assert profile.name == "Jack"
    profile, _ = run(["hi", "Mable"])
    assert profile.name == "Mable"


def test_empty_and_picture_only_texts_repeat_the_question():
    profile = Profile(step="learn", name="Ana", intro="")
    empty = respond(profile, "", EVENT)
    assert empty.profile == profile and "empty" in empty.reply and "learn" in empty.reply
    picture = respond(profile, "", EVENT, media=2)
    assert "pictures" in picture.reply and "learn" in picture.reply


def test_next_step_skips_answered_questions():
    assert next_step(Profile(), EVENT) == "name"
    assert next_step(Profile(name="A", intro="", learn="x", teach="y"), EVENT) == "q:6"
    full = Profile(name="A", intro="", learn="x", teach="y", answers={"6": "", "7": ""})
    assert next_step(full, EVENT) == "consent"
    assert next_step(replace(full, consent=False), EVENT) == "done"


@pytest.mark.parametrize(
    ("text", "opted_out", "expected"),
    [
        ("STOP", False, "opt_out"),
        ("stop", True, "opt_out"),
        (" Unsubscribe. ", False, "opt_out"),
        ("STOPALL", False, "opt_out"),
        ("quit", False, "opt_out"),
        ("please stop texting me", False, None),
        ("don't stop the music", False, None),
        ("START", True, "opt_in"),
        ("unstop", True, "opt_in"),
        ("yes", True, "opt_in"),
        ("hello", True, "ignore"),
        ("hello", False, None),
        ("START", False, None),
    ],
)
def test_carrier_keywords(text, opted_out, expected):
    assert carrier_keyword(text, opted_out) == expected


def test_start_from_someone_who_never_stopped_repeats_the_question():
    profile = Profile(step="learn", name="Ana", intro="")
    outcome = respond(profile, "START", EVENT)
    assert outcome.profile == profile and "learn" in outcome.reply
