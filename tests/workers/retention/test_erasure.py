"""redact: what is taken out of other people's texts when someone is erased."""

from workers.retention.erasure import NAME_ERASED, NUMBER_ERASED, PersonErased, redact


def test_a_round_text_loses_the_name_and_keeps_the_rest():
    ana = PersonErased.of("Dr. Ana María Pérez", "+14165550142")
    text = "Round 1 of 3: go to TABLE 7. You're with Ana, Raj and Lee."
    assert (
        redact(text, ana) == f"Round 1 of 3: go to TABLE 7. You're with {NAME_ERASED}, Raj and Lee."
    )


def test_a_name_inside_another_word_is_left_alone():
    ana = PersonErased.of("Ana", "+14165550142")
    assert redact("Banana bread with Anabel", ana) == "Banana bread with Anabel"


def test_an_introduction_loses_the_number_in_any_form_and_the_intro_line():
    raj = PersonErased.of("Raj", "+14165550142", "I build  boats in my garage.")
    text = 'Meet Raj (+1 416-555-0142), who can teach sailing. Raj says: "I build boats in my'
    text += ' garage." Or text +14165550142.'
    out = redact(text, raj)
    assert "Raj" not in out and "416" not in out and "boats" not in out
    assert NUMBER_ERASED in out and "who can teach sailing" in out


def test_a_folded_name_is_found_too():
    zoe = PersonErased.of("Zoë", "+14165550142")
    assert redact("You're with Zoe and Kai.", zoe) == f"You're with {NAME_ERASED} and Kai."
