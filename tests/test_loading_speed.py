"""The fast paths of loading: libyaml under the line-aware loader, and GC while building."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml

from bot.curation import yaml_files as knowledge
from bot.engine import Engine
from bot.knowledge import KnowledgeError, read_yaml
from bot.settings import REPO_ROOT

SHIPPED = sorted((REPO_ROOT / "knowledge").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_libyaml_reads_every_shipped_file_as_the_line_aware_loader_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    slow = yaml.load(text, Loader=knowledge._LineLoader)
    fast = yaml.load(text, Loader=knowledge._FastLineLoader)
    assert fast == slow


def test_lines_of_mappings_are_kept_by_the_fast_loader(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("# note\nentries:\n  - id: a\n\n  - id: b\n    on: no\n", encoding="utf-8")
    data = read_yaml(path)
    assert [e["__line__"] for e in data["entries"]] == [3, 5]
    assert data["entries"][1]["on"] == "no"  # yes/no/on/off stay words


def test_a_duplicate_key_is_still_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        read_yaml(path)
    assert caught.value.problems[0].line == 3


def test_gc_is_back_on_after_loading_an_engine() -> None:
    assert gc.isenabled()
    Engine.load(REPO_ROOT / "knowledge" / "faq.yaml")
    assert gc.isenabled()


def test_a_large_faq_scores_only_entries_sharing_a_specific_word() -> None:
    from bot.engine import load_processor
    from bot.knowledge import Entry, load_faq
    from bot.match import scoring

    path = REPO_ROOT / "knowledge" / "faq.yaml"
    base = load_faq(path)
    filler = tuple(
        Entry(
            id=f"filler-{i}",
            title=f"f{i}",
            title_en=f"f{i}",
            questions=(f"ลงนามอะไร {i}", f"what is item{i}"),
            answer="-",
            answer_en="-",
            source="-",
        )
        for i in range(scoring.PRESELECT_MIN_ENTRIES)
    )
    faq = type(base)(entries=base.entries + filler)
    engine = Engine(faq, load_processor(path))
    scorer = engine.matcher.scorer
    question = base.entries[0].questions[0]
    words = engine.matcher.index.processor.tokens(question)
    ranked = scorer.rank(list(words), 50).ranked
    specific = {t for t in words if t in engine.matcher.index.specific}
    assert specific
    assert ranked[0].entry.id == base.entries[0].id
    for scored in ranked:
        index = faq.entries.index(scored.entry)
        assert any(
            index in {e for e, _ in engine.matcher.index.entry_postings[t]} for t in specific
        )


def _shipped_texts() -> list[str]:
    from bot.evaluation import load_cases
    from bot.knowledge import load_faq

    faq = load_faq(REPO_ROOT / "knowledge" / "faq.yaml")
    texts = [q for e in faq.entries for q in e.questions]
    texts += [" ".join((e.title, e.title_en, e.answer, e.answer_en)) for e in faq.entries]
    for name in ("eval.yaml", "eval_independent.yaml"):
        texts += [c.question for c in load_cases(REPO_ROOT / "knowledge" / name)]
    return texts


def test_the_untraced_tokens_are_those_the_traced_pipeline_makes() -> None:
    from bot.engine import load_processor

    processor = load_processor(REPO_ROOT / "knowledge" / "faq.yaml")
    for text in _shipped_texts():
        assert processor.tokens(text) == processor.analyse(text).tokens, text


def test_particles_are_stripped_as_by_trying_each_particle_longest_first() -> None:
    from bot.engine import load_processor
    from bot.nlp.normalize import normalize

    processor = load_processor(REPO_ROOT / "knowledge" / "faq.yaml")
    particles = sorted(
        (w for _, same_length in processor._particles_by_length for w in same_length),
        key=len,
        reverse=True,
    )

    def one_by_one(text: str) -> str:
        clauses = text.split()
        for index, clause in enumerate(clauses):
            stripped = True
            while stripped:
                stripped = False
                for particle in particles:
                    if clause.endswith(particle) and len(clause) > len(particle) + 1:
                        clause, stripped = clause[: -len(particle)], True
                        break
            clauses[index] = clause
        return " ".join(clauses)

    for text in map(normalize, [*_shipped_texts(), "ไหนคะ", "นะครับ", "ลงนามที่ไหนนะคะครับ"]):
        assert processor.strip_particles(text) == one_by_one(text), text


def test_scoring_the_candidates_alone_ranks_as_filtering_the_postings_does() -> None:
    import random
    from collections import defaultdict

    from bot.engine import load_processor
    from bot.knowledge import Entry, load_faq
    from bot.match import scoring

    class FilteredPostings(scoring.Scorer):
        """The large-FAQ scoring as it was: every posting walked, the candidates kept."""

        def _among(
            self, allowed: set[int], shared: list[scoring.Gain]
        ) -> tuple[dict[int, float], dict[int, float]]:
            index = self.index
            overlap: dict[int, float] = defaultdict(float)
            coverage: dict[int, float] = defaultdict(float)
            for known, gain in shared:
                for phrasing in index.postings.get(known, ()):
                    if index.owner[phrasing] in allowed:
                        overlap[phrasing] += gain
                for entry_index, factor in index.entry_postings[known]:
                    if entry_index in allowed:
                        coverage[entry_index] += gain * factor
            return overlap, coverage

    path = REPO_ROOT / "knowledge" / "faq.yaml"
    base = load_faq(path)
    phrasings = [q for e in base.entries for q in e.questions]
    rng = random.Random(3)
    # Fillers made of the FAQ's own phrasings, so they share words (and scores) with it.
    filler = tuple(
        Entry(
            id=f"filler-{i}",
            title=f"f{i}",
            title_en=f"f{i}",
            questions=tuple(" ".join(rng.sample(phrasings, 2)) for _ in range(2)),
            answer="-",
            answer_en="-",
            source="-",
        )
        for i in range(scoring.PRESELECT_MIN_ENTRIES)
    )
    engine = Engine(type(base)(entries=base.entries + filler), load_processor(path))
    scorer = engine.matcher.scorer
    reference = FilteredPostings(scorer.index, scorer.values, scorer.share)
    processor = engine.matcher.processor
    preselected = 0
    for text in _shipped_texts()[::3]:
        words = processor.tokens(text)
        assert scorer.rank(words, 50) == reference.rank(words, 50), text
        known = [r[0] for r in map(scorer.index.resolve, words) if r is not None]
        preselected += scorer._candidates(known) is not None
    assert preselected > 100


def test_a_question_the_time_rules_cannot_answer_is_not_ranked_again_for_nothing() -> None:
    from datetime import date

    engine = Engine.load(REPO_ROOT / "knowledge" / "faq.yaml")
    matcher = engine.matcher
    events = matcher.facts.event
    topics = [None, *(e.stated_in for e in events.values())]
    close = tuple(t for t in topics if t is not None)
    today = date(2030, 1, 1)
    for text in _shipped_texts():
        analysis = matcher.processor.analyse(text)
        for check in (False, True):
            if matcher.time.may_answer(analysis, check):
                continue
            for topic in topics:
                assert matcher.time.answer(analysis, topic, today, "th", check, close) is None


def test_an_engine_dropped_after_a_reload_is_freed_without_the_collector() -> None:
    # Engine.load freezes what it built out of the collector's reach: an engine tied to
    # itself by a reference cycle would then never be freed, and each reload would leak one.
    import weakref
    from datetime import datetime

    from bot.answer import Context

    engine = Engine.load(REPO_ROOT / "knowledge" / "faq.yaml")
    for question in _shipped_texts()[::40]:
        answer = engine.ask(question, now=datetime(2030, 1, 1))
        engine.ask("แล้วที่ไหน", context=answer.context or Context("venue"))
    matcher = engine.matcher
    parts = [engine, matcher, matcher.index, matcher.scorer, matcher.judge, matcher.claims]
    parts += [matcher.clauses, matcher.checker, matcher.follow_ups, engine.splitter]
    parts += [engine.splitter.merger, engine.long_messages]
    refs = [weakref.ref(p) for p in parts]
    gc.disable()
    try:
        del engine, matcher, parts
        assert [r() for r in refs] == [None] * len(refs)
    finally:
        gc.enable()


def test_taking_apart_gradually_frees_what_only_it_held_and_leaves_the_rest_whole() -> None:
    import functools
    import weakref

    from bot.memory import free_gradually

    class Part:
        def __init__(self, **state: object) -> None:
            self.__dict__.update(state)

    shared = {"kept": [1, 2, 3]}
    wrapped = functools.wraps(len)(lambda x: len(x))
    alone = Part(words=[Part(n=i) for i in range(100)], table={"a": (Part(),)})
    gone = weakref.ref(alone)
    holder: list[object] = [Part(alone=alone, shared=shared, wrapped=wrapped), [shared]]
    del alone

    free_gradually(holder)

    assert holder == [] and gone() is None
    assert shared == {"kept": [1, 2, 3]}
    assert wrapped.__wrapped__ is len
