"""A disk cache of the tokens of the FAQ's texts, so a start-up or a reload tokenises only the
texts it has not met before.

The tokens of a text depend on nothing but the text, the lexicon files (synonyms, domain words,
rules, values), the code of the text pipeline and PyThaiNLP (its dictionary). The cache file is
named by a hash of all of these, so it is never stale: change any of them and another file is
looked for, and every text is tokenised afresh. An edit of the FAQ itself leaves the file valid:
only the new or changed texts are tokenised.

A cache that cannot be read (missing, corrupt, of another format) is ignored and rebuilt; one
that cannot be written (a read-only or full disk) is left alone. Either way the bot starts, only
more slowly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pythainlp

from bot.nlp.pipeline import TextProcessor

log = logging.getLogger(__name__)

FORMAT = 1  # raise when the file's layout changes
PREFIX = "tokens-"
LEXICON_PREFIX = "lexicon-"  # the lexicon's own phrases (:class:`LexiconTokens`)
SUFFIX = ".jsonl"
KEPT_FILES = 4  # cache files of other lexicons kept beside the current one (other FAQs)
# Read and written in large pieces: every read() or write() lets go of the interpreter lock,
# and a reload thread that does so thousands of times a second (8 KiB at a time through a
# 10 MB file) keeps waking the event loop's thread without ever letting it ask for the lock:
# the loop stalled 100-190 ms on this file alone.
IO_CHUNK = 1 << 20
_BOT = Path(__file__).resolve().parent.parent
# The code a text's tokens depend on: the pipeline and the matcher, and the YAML reader of the
# lexicon files.
CODE = (_BOT / "nlp", _BOT / "match", _BOT / "curation" / "yaml_files.py")


def cache_key(lexicon_files: Iterable[Path | None]) -> str:
    """The hash that names a cache file: of the lexicon files' contents, the code that turns a
    text into tokens and the PyThaiNLP version.

    Raises:
        OSError: a file could not be read.
    """
    digest = hashlib.sha256(f"format {FORMAT}\npythainlp {pythainlp.__version__}\n".encode())
    sources = sorted(p for c in CODE for p in ([c] if c.is_file() else c.glob("*.py")))
    for path in [*sources, *lexicon_files]:
        if path is None or not path.exists():
            digest.update(b"\0missing\0")
            continue
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class TokenCache:
    """The tokens of texts, read from a cache file and from the pipeline for the texts it
    lacks; :meth:`save` writes back the texts asked for, when they differ from the file's.

    Args:
        processor: the text pipeline the tokens come from.
        folder: where cache files are kept; None for no cache (every text is tokenised).
        key: the :func:`cache_key` of the lexicon ``processor`` was built from.
    """

    def __init__(self, processor: TextProcessor, folder: Path | None, key: str) -> None:
        self.processor = processor
        self.key = key
        self.path = folder / f"{PREFIX}{key}{SUFFIX}" if folder is not None else None
        self._known = _read(self.path, key) if self.path is not None else {}
        self._used: dict[str, tuple[str, ...]] = {}
        self.misses = 0

    def __call__(self, text: str) -> list[str]:
        """The canonical tokens of ``text``, as :meth:`TextProcessor.tokens` makes them."""
        tokens = self._used.get(text)
        if tokens is None:
            tokens = self._known.get(text)
            if tokens is None:
                tokens = tuple(self.processor.tokens(text))
                self.misses += 1
            self._used[text] = tokens
        return list(tokens)

    @property
    def hits(self) -> int:
        """How many texts asked for were in the file."""
        return len(self._used) - self.misses

    def save(self, key: str | None = None) -> bool:
        """Write the texts asked for to the cache file, unless the file holds just those.

        Args:
            key: the lexicon's :func:`cache_key` now; when it is not the one the tokens were
                made for (a lexicon file changed during the build), nothing is written.

        Returns:
            Whether a file was written. A failure to write is logged, never raised.
        """
        if self.path is None or (key is not None and key != self.key):
            return False
        if self.misses == 0 and len(self._used) == len(self._known):
            return False
        try:
            _write(self.path, self.key, self._used)
        except OSError as exc:
            log.info("token cache not written to %s: %s", self.path, exc)
            return False
        _prune(self.path)
        return True


class LexiconTokens:
    """The tokens of the lexicon's own phrases (synonyms, fillers, decline words …), which a
    :class:`TextProcessor` makes while it is built: read from a cache file named by the same
    :func:`cache_key`, so a start-up tokenises them only when the lexicon or the code changed.

    Args:
        folder: where cache files are kept.
        key: the :func:`cache_key` of the lexicon.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self.key = key
        self.path = folder / f"{LEXICON_PREFIX}{key}{SUFFIX}"
        self.known = _read(self.path, key)

    def save(self, made: dict[str, tuple[str, ...]], key: str | None = None) -> bool:
        """Write the phrases' tokens when the build made any the file lacked (never raises)."""
        if not made or (key is not None and key != self.key):
            return False
        try:
            _write(self.path, self.key, {**self.known, **made})
        except OSError as exc:
            log.info("lexicon token cache not written to %s: %s", self.path, exc)
            return False
        _prune(self.path, LEXICON_PREFIX)
        return True


def _read(path: Path, key: str) -> dict[str, tuple[str, ...]]:
    """The texts and tokens of a cache file; nothing when it is missing, unreadable or not
    what :func:`_write` writes for ``key``."""
    known: dict[str, tuple[str, ...]] = {}
    try:
        with path.open("rb", buffering=IO_CHUNK) as lines:
            # One short JSON document a line: parsing never holds the interpreter for long, so
            # a reload in a thread leaves the event loop its turns.
            if json.loads(next(lines, b"null")) != {"format": FORMAT, "key": key}:
                return {}
            for line in lines:
                text, tokens = json.loads(line)
                if not isinstance(text, str) or not isinstance(tokens, list):
                    return {}
                if not all(isinstance(t, str) for t in tokens):
                    return {}
                known[text] = tuple(tokens)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError) as exc:
        log.info("token cache %s ignored: %s", path, exc)
        return {}
    return known


def _write(path: Path, key: str, tokens: dict[str, tuple[str, ...]]) -> None:
    """Write the cache file whole or not at all: to a temporary file, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", buffering=IO_CHUNK) as out:
            out.write(json.dumps({"format": FORMAT, "key": key}) + "\n")
            for text, words in tokens.items():
                out.write(json.dumps([text, words], ensure_ascii=False) + "\n")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(current: Path, prefix: str = PREFIX) -> None:
    """Remove all but the newest few cache files of other lexicons."""
    with contextlib.suppress(OSError):
        others = [p for p in current.parent.glob(f"{prefix}*{SUFFIX}") if p != current]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in others[KEPT_FILES:]:
            stale.unlink()
