import functools
import logging

import numpy as np
import pytest

from tests.helpers import TESTS
from workers import matching
from workers.matching import quality

DEV_SET = TESTS / "data" / "matching_dev.csv"
TUNE_SET = TESTS / "data" / "matching_tune.csv"
CHECK_SET = TESTS / "data" / "matching_check.csv"


@functools.cache
def dev_pairs() -> list[quality.Pair]:
    return quality.load_pairs(DEV_SET)


@functools.cache
def _embedded(texts: tuple[str, ...], semantic: bool) -> np.ndarray:
    return matching.embed_many(list(texts), lexical=not semantic)


def _scorer(semantic: bool) -> quality.Scorer:
    def score(learn, teach):
        return matching.similarity_from_vectors(
            _embedded(tuple(learn), semantic), _embedded(tuple(teach), semantic)
        )

    return score


def test_dev_set_is_well_formed():
    pairs = dev_pairs()
    assert len(pairs) >= 250
    assert sum(p.kind == "hard_negative" for p in pairs) >= 40
    topics = {}
    for p in pairs:
        assert topics.setdefault(p.teach, p.topic) == p.topic, p.teach
    assert len({(p.learn, p.teach) for p in pairs}) == len(pairs)


def test_tuning_and_check_parts_share_no_skill():
    tune, check = quality.load_pairs(TUNE_SET), quality.load_pairs(CHECK_SET)
    assert len(check) > 2 * len(tune) > 2000
    assert {p.topic for p in tune}.isdisjoint({p.topic for p in check})
    for pairs in (tune, check):
        noisy = [p for p in pairs if p.kind == "noisy"]
        assert len(noisy) > 300 and all(p.match for p in noisy)


def test_noisy_top1_counts_only_texted_learners():
    pairs = [
        quality.Pair("guitar", "guitar lessons", True, "exact", "guitar"),
        quality.Pair("guitr lol", "guitar lessons", True, "noisy", "guitar"),
        quality.Pair("yoga", "yoga class", True, "exact", "yoga"),
    ]

    def score(learn, teach):  # ranks "guitar lessons" first for everyone
        return np.array([[1.0 if t == "guitar lessons" else 0.0 for t in teach] for _ in learn])

    scores = quality.evaluate(score, pairs)
    assert scores["top1"] == pytest.approx(2 / 3)
    assert scores["noisy_top1"] == 1.0


def test_default_install_matches_semantically():
    assert matching.backend() == "semantic"


# Floors a little under the measured figures (bench/RESULTS.md): catch regressions only.
def test_semantic_quality_floor():
    scores = quality.evaluate(_scorer(semantic=True), dev_pairs())
    assert scores["top1"] >= 0.80
    assert scores["roc_auc"] >= 0.78
    assert scores["hard_auc"] >= 0.68


def test_tuning_part_quality_floor():
    scores = quality.evaluate(_scorer(semantic=True), quality.load_pairs(TUNE_SET))
    assert scores["top1"] >= 0.78
    assert scores["noisy_top1"] >= 0.77
    assert scores["hard_auc"] >= 0.87


# Texted the way people text; hand-written here, not taken from tests/data.
TEACH = ["guitar lessons", "sourdough baking", "public speaking", "python programming",
         "spanish conversation", "tai chi", "pottery and ceramics", "salsa dancing",
         "photography", "bookkeeping for small business"]  # fmt: skip
TEXTED = [
    ("i wanna learn guitr lol", "guitar lessons"),
    ("tryna get into sourdough bakin rn", "sourdough baking"),
    ("ummm publc speaking pls", "public speaking"),
    ("how 2 code in pyhton", "python programming"),
    ("wud luv 2 speak spansh", "spanish conversation"),
    ("ummm tai chi", "tai chi"),
    ("pottery 4 beginners", "pottery and ceramics"),
    ("salsa dancin lmao", "salsa dancing"),
    ("teach me photograpy plzzz", "photography"),
    ("gotta learn bookeeping 4 my biz", "bookkeeping for small business"),
]


@pytest.mark.parametrize(("texted", "teacher"), TEXTED)
def test_a_texted_answer_finds_its_teacher(texted, teacher):
    scores = matching.similarity([texted], TEACH)[0]
    assert TEACH[int(np.argmax(scores))] == teacher


CHATTY = [
    ("chess", "Chess - I've played in tournaments since I was 12", "chess"),
    ("photography", "photography, it's been my job for years", "photography"),
    ("spanish conversation", "Spanish because I grew up in Madrid", "Spanish"),
    ("pottery", "I have always wanted to try pottery, my sister does it and loves it", "pottery"),
    ("woodworking", "woodworking. I built my own kitchen table last year!", "woodworking"),
]


@pytest.mark.parametrize(("other", "chatty", "skill"), CHATTY)
def test_a_chatty_answer_scores_as_its_skill(other, chatty, skill):
    # What follows the skill (a dash, "because", a new sentence, a clause of one's own) is
    # the person chatting: it must not pull a clear pair under the introduction floor.
    plain = matching.similarity([other], [skill])[0, 0]
    assert matching.similarity([other], [chatty])[0, 0] >= plain - 0.05
    assert matching.similarity([chatty], [other])[0, 0] >= plain - 0.05


def test_lexical_fallback_quality_floor():
    scores = quality.evaluate(_scorer(semantic=False), dev_pairs())
    assert scores["top1"] >= 0.60
    assert scores["roc_auc"] >= 0.60


def test_similarity_shape_and_order():
    learn = ["guitar", "make bread", "public speaking"]
    teach = ["sourdough baking", "presentation skills", "guitar lessons", "tax returns"]
    scores = np.asarray(matching.similarity(learn, teach))
    assert scores.shape == (3, 4)
    assert scores.argmax(axis=1).tolist() == [2, 0, 1]


def test_real_word_typo_still_ranks_the_right_teacher_first():
    teach = ["public speaking", "anatomy", "speaking Spanish", "public relations"]
    assert int(np.argmax(matching.similarity(["pubic speaking"], teach))) == 0


def test_similarity_is_comparable_across_calls():
    together = np.asarray(matching.similarity(["guitr", "yoga"], ["guitar", "yoga for beginners"]))
    alone = np.asarray(matching.similarity(["guitr"], ["guitar"]))
    assert alone[0, 0] == pytest.approx(together[0, 0], abs=1e-5)


def test_similarity_of_nothing():
    assert np.asarray(matching.similarity([], ["guitar"])).shape == (0, 1)
    assert np.asarray(matching.similarity(["guitar"], [])).shape == (1, 0)


def test_stored_vectors_give_the_same_scores():
    vectors = [matching.embed(t) for t in ("salsa dancing", "making salsa and guacamole")]
    assert vectors[0].shape == (matching.VECTOR_DIM,)
    assert vectors[0].dtype == np.float32
    direct = matching.similarity(["salsa dancing"], ["making salsa and guacamole"])
    stored = matching.similarity_from_vectors(vectors[0], vectors[1])
    assert float(stored[0, 0]) == pytest.approx(float(direct[0, 0]), abs=1e-5)


@pytest.mark.parametrize(
    ("answer", "cleaned"),
    [
        ("i'd love to learn how to play the guitar", "play the guitar"),
        ("I can teach u Spanish", "spanish"),
        ("lrn spanish pls", "spanish"),
        ("knitting 🧶", "knitting"),
        ("how 2 do taxes??", "taxes"),
        ("guitr", "guitar"),
        ("spansh", "spanish"),
        ("swiming", "swimming"),
        ("vegan cooking", "vegan cooking"),
        ("making apps", "making apps"),
        ("SQL", "sql"),
        ("español", "español"),
        ("C++ and C#", "c++ and c#"),
        ("learn", "learn"),
        ("i'm tryna learn camel racing rn", "camel racing"),
        ("wud luv 2 learn pottery", "pottery"),
        ("gotta learn bookeeping", "bookkeeping"),
        ("ummm tai chi", "tai chi"),
        ("teach me chess plzzz", "chess"),
        ("bread adn cheese", "bread and cheese"),
        ("spin teh plates", "spin the plates"),
        ("knitting 4 beginners", "knitting for beginners"),
        ("seo", "seo"),
        ("learn R", "r"),
        ("ux design", "ux design"),
    ],
)
def test_normalize(answer, cleaned):
    assert matching.normalize(answer) == cleaned


@pytest.mark.parametrize("answer", ["", "   ", "!!!", "🙂", "x" * 2000])
def test_odd_answers_embed(answer):
    vector = matching.embed(answer)
    assert np.isfinite(vector).all()


def test_missing_model_degrades_with_one_log_line(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="workers.matching"):
        assert matching.load_encoder(model=tmp_path / "absent.onnx") is None
    assert len(caplog.records) == 1
    assert "lexical matcher" in caplog.records[0].getMessage()


def test_mismatched_model_is_refused(tmp_path, caplog):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the pinned model")
    with caplog.at_level(logging.WARNING, logger="workers.matching"):
        assert matching.load_encoder(model=fake) is None
    assert "sha256" in caplog.records[0].getMessage()


def test_lexical_vectors_score_against_semantic_ones():
    lexical = matching.embed_many(["guitar lessons"], lexical=True)
    semantic = matching.embed_many(["guitar"])
    unrelated = matching.embed_many(["tax returns"])
    both = matching.similarity_from_vectors(semantic, np.vstack([lexical, unrelated]))
    assert both.shape == (1, 2)
    assert both[0, 0] > both[0, 1]


def test_similarity_without_the_model_is_lexical(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(matching, "_model_path", lambda: tmp_path / "gone.onnx")
    matching._encoder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="workers.matching"):
            assert matching.backend() == "lexical"
            scores = np.asarray(matching.similarity(["guitr"], ["guitar lessons", "tax returns"]))
        assert scores[0, 0] > scores[0, 1]
        assert len(caplog.records) == 1
    finally:
        matching._encoder.cache_clear()
