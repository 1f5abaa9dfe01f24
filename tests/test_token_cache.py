"""The disk cache of the FAQ texts' tokens: never stale, never in the way of a start."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from bot.engine import Engine, lexicon_files
from bot.evaluation import load_cases
from bot.nlp import token_cache
from bot.nlp.token_cache import TokenCache, cache_key
from bot.settings import REPO_ROOT, Settings

KNOWLEDGE = REPO_ROOT / "knowledge"
COPIED = (
    "faq.yaml",
    "synonyms.yaml",
    "domain_words.txt",
    "rules.yaml",
    "values.yaml",
    "facts.yaml",
)
QUESTIONS = [c.question for c in load_cases(KNOWLEDGE / "eval.yaml")][:150]


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    """A copy of the shipped FAQ and the knowledge files beside it, free to be edited."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for name in COPIED:
        shutil.copy(KNOWLEDGE / name, folder / name)
    return folder / "faq.yaml"


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{token_cache.PREFIX}*{token_cache.SUFFIX}"))


def answers(engine: Engine) -> list[tuple[str | None, str, float]]:
    out = []
    for question in QUESTIONS:
        answer = engine.ask(question)
        out.append((answer.entry.id if answer.entry else None, answer.outcome, answer.score))
    return out


def same_as_cold(engine: Engine, faq: Path) -> None:
    cold = Engine.load(faq)
    assert engine.matcher.index.token_sets == cold.matcher.index.token_sets
    assert answers(engine) == answers(cold)


def tokens_read(faq: Path, folder: Path) -> TokenCache:
    """The cache as the next start would read it, every phrasing asked for."""
    engine = Engine.load(faq)
    cache = TokenCache(engine.matcher.processor, folder, cache_key(lexicon_files(faq)))
    for entry in engine.faq.entries:
        for phrasing in entry.questions:
            cache(phrasing)
    return cache


def test_a_start_from_the_cache_answers_as_a_cold_build_does(faq: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Engine.load(faq, cache_dir=folder)
    assert len(cache_files(folder)) == 1

    warm = Engine.load(faq, cache_dir=folder)

    assert tokens_read(faq, folder).misses == 0
    same_as_cold(warm, faq)


def test_editing_a_lexicon_file_makes_a_new_cache(faq: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    before = Engine.load(faq, cache_dir=folder)
    synonyms = faq.parent / "synonyms.yaml"
    text = synonyms.read_text(encoding="utf-8")
    assert "sign, signed, signing, signs, " in text
    synonyms.write_text(text.replace("sign, signed, signing, signs, ", ""), encoding="utf-8")

    after = Engine.load(faq, cache_dir=folder)

    assert after.matcher.index.token_sets != before.matcher.index.token_sets
    assert len(cache_files(folder)) == 2
    same_as_cold(after, faq)


def test_editing_the_faq_keeps_the_cache_and_adds_the_new_phrasing(
    faq: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    Engine.load(faq, cache_dir=folder)
    text = faq.read_text(encoding="utf-8")
    first = text.index("  questions:\n") + len("  questions:\n")
    indent = text[first : text.index("-", first)]
    faq.write_text(text[:first] + f"{indent}- เซ็นกันที่ตึกไหนเหรอ\n" + text[first:], "utf-8")

    edited = Engine.load(faq, cache_dir=folder)

    assert tokens_read(faq, folder).misses == 0
    assert len(cache_files(folder)) == 1
    same_as_cold(edited, faq)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not json\n", b'{"format": 1, "key": "other"}\n', b"\xff\xfe\x00", None],
    ids=["empty", "not-json", "other-key", "not-utf8", "cut-short"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    faq: Path, tmp_path: Path, garbage: bytes | None
) -> None:
    folder = tmp_path / "cache"
    Engine.load(faq, cache_dir=folder)
    [path] = cache_files(folder)
    whole = path.read_bytes()
    # Cut short: the last line stops in the middle of its tokens.
    path.write_bytes(whole[: len(whole) - 7] if garbage is None else garbage)

    engine = Engine.load(faq, cache_dir=folder)

    same_as_cold(engine, faq)
    assert tokens_read(faq, folder).misses == 0


def test_a_line_of_the_wrong_shape_is_corrupt(faq: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Engine.load(faq, cache_dir=folder)
    [path] = cache_files(folder)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(f'{header}\n["ลงนามที่ไหน", [1, 2]]\n', encoding="utf-8")

    assert tokens_read(faq, folder).hits == 0


def test_a_cache_folder_that_cannot_be_made_still_starts(faq: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")

    engine = Engine.load(faq, cache_dir=blocker / "cache")

    assert engine.ask("ลงนามที่ไหน").entry is not None


def test_a_full_disk_still_starts_and_leaves_no_half_file(
    faq: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(token_cache.os, "replace", full)  # a full disk cannot be had here
    folder = tmp_path / "cache"

    engine = Engine.load(faq, cache_dir=folder)

    assert engine.ask("ลงนามที่ไหน").entry is not None
    assert list(folder.iterdir()) == []


def test_no_cache_folder_writes_nothing(faq: Path, tmp_path: Path) -> None:
    engine = Engine.load(faq, cache_dir=None)

    assert engine.ask("ลงนามที่ไหน").entry is not None
    assert sorted(p.name for p in faq.parent.iterdir()) == sorted(COPIED)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CACHE_DIR": "/srv/cache"}, Path("/srv/cache")),
        ({"CACHE_DIR": "off"}, None),
        ({"CACHE_DIR": "0", "XDG_CACHE_HOME": "/x"}, None),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/partnership-bot")),
        ({"HOME": "/home/u"}, Path("/home/u/.cache/partnership-bot")),
    ],
    ids=["set", "off", "zero", "xdg", "home"],
)
def test_the_cache_folder_is_read_from_the_environment(
    env: dict[str, str], expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", env.get("HOME", "/home/u"))
    assert Settings.from_env(env).cache_dir == expected


def test_the_lexicon_phrases_tokens_are_read_back_and_answer_alike(
    faq: Path, tmp_path: Path
) -> None:
    from bot.engine import _processor_cache
    from bot.nlp.lexicon import Lexicon
    from bot.nlp.pipeline import TextProcessor

    folder = tmp_path / "cache"
    key = cache_key(lexicon_files(faq))
    lexicon = Lexicon.load(*lexicon_files(faq))
    built = TextProcessor(lexicon, {})  # nothing known yet: every phrase is made and kept
    assert len(built.made) > 1000  # the synonyms, fillers and decline words, tokenised
    saved = token_cache.LexiconTokens(folder, key)
    assert saved.save(built.made)
    again = TextProcessor(lexicon, token_cache.LexiconTokens(folder, key).known)
    assert again.made == {}  # every phrase was in the file
    for question in QUESTIONS:
        assert again.analyse(question).tokens == built.analyse(question).tokens
    # and an engine started from that folder answers as one started cold
    _processor_cache.clear()
    same_as_cold(Engine.load(faq, cache_dir=folder), faq)


def test_a_corrupt_lexicon_token_file_is_ignored(faq: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    key = cache_key(lexicon_files(faq))
    (folder / f"{token_cache.LEXICON_PREFIX}{key}{token_cache.SUFFIX}").write_text("{not json\n")
    assert token_cache.LexiconTokens(folder, key).known == {}
    from bot.engine import _processor_cache

    _processor_cache.clear()
    same_as_cold(Engine.load(faq, cache_dir=folder), faq)
