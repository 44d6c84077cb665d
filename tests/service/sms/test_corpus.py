"""Real-looking texts at every stage of the night, each with the decision a thoughtful host
would make (tests/service/sms/corpus.json), run against the pure interpreter."""

import json
from pathlib import Path

import pytest

from service.sms.interpreter import interpret
from tests.service.sms.stages import AGE, stage
from workers.texts.display_names import first_name

CORPUS = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 150
    assert len({entry["stage"] for entry in CORPUS}) >= 15


@pytest.mark.parametrize("entry", CORPUS, ids=[f"{e['stage']}:{e['text'][:30]}" for e in CORPUS])
def test_each_text_is_read_as_a_host_would(entry):
    expect = entry["expect"]
    decision = interpret(stage(entry["stage"]), entry["text"])
    assert decision.intent == expect["intent"], (entry, decision)
    profile = decision.profile
    if "name" in expect:
        assert profile is not None and profile.name
        assert first_name(profile.name).casefold() == expect["name"].casefold(), profile
    if "consent" in expect:
        assert profile is not None and profile.consent is expect["consent"]
    if "value" in expect:
        assert profile is not None and profile.answers[AGE.key] == expect["value"]
    if "offer" in expect:
        assert decision.offer == tuple(expect["offer"])
    if "field" in expect:
        assert profile is not None and getattr(profile, expect["field"])
    if decision.reply is not None:
        assert decision.reply.strip()
