"""The answering engine: a question in, the reply a member gets out. Knows nothing of Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot import texts
from bot.knowledge import FAQ, Entry, load_faq
from bot.matcher import Matcher, MatcherConfig
from bot.settings import REPO_ROOT
from bot.text import MAX_QUESTION_CHARS, Lexicon, TextProcessor, detect_language

KNOWLEDGE_DIR = REPO_ROOT / "knowledge"
SYNONYMS_FILE = "synonyms.yaml"
DOMAIN_WORDS_FILE = "domain_words.txt"

Outcome = Literal["answered", "suggested", "declined"]
Language = Literal["th", "en"]


@dataclass(frozen=True)
class Candidate:
    """An entry and how well the question matched it (0-100)."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class Answer:
    """What the engine says to one question.

    Attributes:
        question: the question as received.
        language: "th" when the question has any Thai, else "en".
        outcome: answered (one entry), suggested ("did you mean"), or declined.
        entry: the answered entry (only when outcome is "answered").
        score: the best score, 0-100.
        candidates: the best few entries, best first (runner-ups included).
        suggestions: the entries offered as "did you mean" (empty unless suggested).
        text: the plain-text reply: the answer, or the fallback when none.
    """

    question: str
    language: Language
    outcome: Outcome
    entry: Entry | None
    score: float
    candidates: tuple[Candidate, ...]
    suggestions: tuple[Entry, ...]
    text: str

    @property
    def matched(self) -> bool:
        return self.outcome == "answered"

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None


def lexicon_paths(faq_path: Path) -> tuple[Path, Path]:
    """The synonyms and domain-word files that go with a FAQ file.

    They sit beside the FAQ; when a FAQ elsewhere (FAQ_PATH) has none beside it, the shipped
    ones in ``knowledge/`` are used.
    """
    here = faq_path.parent
    synonyms = here / SYNONYMS_FILE
    words = here / DOMAIN_WORDS_FILE
    if not synonyms.exists() and not words.exists():
        synonyms, words = KNOWLEDGE_DIR / SYNONYMS_FILE, KNOWLEDGE_DIR / DOMAIN_WORDS_FILE
    return synonyms, words


_processor_cache: dict[tuple[object, ...], TextProcessor] = {}


def load_processor(faq_path: Path) -> TextProcessor:
    """The text pipeline for a FAQ file, built once per version of its lexicon files.

    Building the tokeniser's dictionary takes most of a second, so a FAQ reload that leaves
    the synonyms alone reuses it.

    Raises:
        KnowledgeError: a lexicon file is malformed.
    """
    synonyms, words = lexicon_paths(faq_path)
    key = tuple((str(p), p.stat().st_mtime_ns if p.exists() else None) for p in (synonyms, words))
    processor = _processor_cache.get(key)
    if processor is None:
        processor = TextProcessor(Lexicon.load(synonyms, words))
        _processor_cache.clear()
        _processor_cache[key] = processor
    return processor


class Engine:
    """Answers questions from one FAQ.

    Args:
        faq: the FAQ.
        processor: the text pipeline (see :func:`load_processor`).
        config: the matcher's thresholds.
    """

    def __init__(
        self, faq: FAQ, processor: TextProcessor, config: MatcherConfig | None = None
    ) -> None:
        self.faq = faq
        self.matcher = Matcher(faq, processor, config)

    @classmethod
    def load(cls, faq_path: Path | str, config: MatcherConfig | None = None) -> Engine:
        """Load a FAQ file and its lexicon.

        Raises:
            KnowledgeError: the FAQ or a lexicon file is invalid (``.problems`` says why).
        """
        faq_path = Path(faq_path)
        faq = load_faq(faq_path)
        return cls(faq, load_processor(faq_path), config)

    def ask(self, question: str) -> Answer:
        """The reply to one question, in the question's language."""
        language: Language = "en" if detect_language(question) == "en" else "th"
        result = self.matcher.match(question[:MAX_QUESTION_CHARS])
        candidates = tuple(Candidate(s.entry, s.score) for s in result.ranked)
        best = result.best
        score = best.score if best else 0.0
        if result.outcome == "answered" and best is not None:
            entry = best.entry
            return Answer(
                question,
                language,
                "answered",
                entry,
                score,
                candidates,
                (),
                entry.answer_in(language),
            )
        if result.outcome == "suggested":
            return Answer(
                question,
                language,
                "suggested",
                None,
                score,
                candidates,
                result.suggestions,
                texts.SUGGESTED[language],
            )
        return Answer(
            question, language, "declined", None, score, candidates, (), texts.DECLINED[language]
        )
