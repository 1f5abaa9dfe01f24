"""A synthetic FAQ of any size, written as a real file, and the event-loop stall of a reload.

Synthetic entries are built from random dictionary words so that, like real ones, they share
common words with each other and with the questions; the shipped FAQ is kept among them.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Any

import yaml
from pythainlp.corpus import thai_words

from bot.knowledge import FAQ, Entry, read_yaml

ENDINGS = ("อะไร", "ที่ไหน", "เมื่อไหร่", "ใคร", "อย่างไร")
ENGLISH = ("plan", "fund", "team", "route", "grant", "panel", "office")


def synthetic_faq(base: FAQ, size: int, rng: random.Random) -> FAQ:
    """``base`` and random entries up to ``size`` entries in all."""
    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8)
    common = rng.sample(words, 300)  # a shared core vocabulary, as real FAQs have
    entries = list(base.entries)
    for i in range(size - len(entries)):
        thai = [
            "".join(
                rng.choice(common if rng.random() < 0.5 else words)
                for _ in range(rng.randint(3, 6))
            )
            + rng.choice(ENDINGS)
            for _ in range(4)
        ]
        # validate asks for an English phrasing
        questions = (*thai, f"what is {rng.choice(ENGLISH)}{i}")
        entries.append(
            Entry(
                id=f"synthetic-{i}",
                title=f"s{i}",
                title_en=f"s{i}",
                questions=questions,
                answer="-",
                answer_en="-",
                source="-",
            )
        )
    return FAQ(entries=tuple(entries))


def write_synthetic(base_path: Path, faq: FAQ, folder: Path) -> Path:
    """Write ``faq``'s synthetic entries after ``base_path``'s own, as faq.yaml in ``folder``.

    The other knowledge files are not copied: the engine then reads the shipped ones.
    """
    data: dict[str, Any] = read_yaml(base_path)
    _strip_lines(data)
    known = {e["id"] for e in data["entries"]}
    for entry in faq.entries:
        if entry.id in known:
            continue
        data["entries"].append(
            {
                "id": entry.id,
                "title": entry.title,
                "title_en": entry.title_en,
                "questions": list(entry.questions),
                "answer": entry.answer,
                "answer_en": entry.answer_en,
                "source": entry.source,
            }
        )
    path = folder / "faq.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _strip_lines(value: Any) -> None:
    if isinstance(value, dict):
        value.pop("__line__", None)
        for item in value.values():
            _strip_lines(item)
    elif isinstance(value, list):
        for item in value:
            _strip_lines(item)


async def _longest_stall(work: asyncio.Future[Any], tick: float = 0.005) -> float:
    """The longest the event loop was late, in seconds, while ``work`` ran: a probe that
    sleeps ``tick`` and records how much later than asked it woke."""
    longest = 0.0
    last = time.perf_counter()
    while not work.done():
        await asyncio.sleep(tick)
        now = time.perf_counter()
        longest = max(longest, now - last - tick)
        last = now
    await work
    return longest


def add_phrasing(path: Path) -> None:
    """A curator's edit: one more phrasing for the first entry of the FAQ file."""
    data: dict[str, Any] = read_yaml(path)
    _strip_lines(data)
    questions = data["entries"][0]["questions"]
    questions.append(f"เขาเซ็นกันที่ตึกไหนเหรอ ครั้งที่ {len(questions)}")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def reload_figures(path: Path, cache_dir: Path, *, cached: bool = True) -> tuple[float, float]:
    """Seconds for a LiveEngine reload of ``path`` after a curator's edit (the bot running
    from the file as it was), and the event loop's longest stall during it (ms).

    ``cached``: the tokens of the unchanged texts come from the token cache in ``cache_dir``,
    as in a running bot; else every text is tokenised again, as after a lexicon edit.
    """
    from bot.engine import Engine
    from bot.telegram.live import LiveEngine

    def load(faq: Path) -> Engine:
        return Engine.load(faq, cache_dir=cache_dir if cached else None)

    async def run() -> tuple[float, float]:
        running = Engine.load(path, cache_dir=cache_dir)
        live = LiveEngine(running, path, poll_seconds=0, loader=load)
        del running
        add_phrasing(path)
        start = time.perf_counter()
        stall = await _longest_stall(asyncio.ensure_future(live.reload()))
        return time.perf_counter() - start, stall * 1000

    return asyncio.run(run())
