import functools
import logging

import numpy as np
import pytest

from tests.helpers import TESTS
from workers import matching
from workers.matching import quality

DEV_SET = TESTS / "data" / "matching_dev.csv"


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


def test_default_install_matches_semantically():
    assert matching.backend() == "semantic"


# Floors a little under the measured figures (bench/RESULTS.md): catch regressions only.
def test_semantic_quality_floor():
    scores = quality.evaluate(_scorer(semantic=True), dev_pairs())
    assert scores["top1"] >= 0.80
    assert scores["roc_auc"] >= 0.78
    assert scores["hard_auc"] >= 0.68


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
