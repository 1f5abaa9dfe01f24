"""The answering engine: a question in, the reply a member gets out. Knows nothing of Telegram."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import texts
from bot.answer import Answer, Candidate, Context, Language, Reason
from bot.knowledge import FAQ, load_faq
from bot.matcher import Matcher, MatcherConfig
from bot.settings import REPO_ROOT
from bot.text import MAX_QUESTION_CHARS, Lexicon, TextProcessor, detect_language

KNOWLEDGE_DIR = REPO_ROOT / "knowledge"
SYNONYMS_FILE = "synonyms.yaml"
DOMAIN_WORDS_FILE = "domain_words.txt"

BANGKOK = ZoneInfo("Asia/Bangkok")


def bangkok_now() -> datetime:
    """Now, in Thailand's time zone (the article's dates are Thai dates)."""
    return datetime.now(BANGKOK)


__all__ = ["Answer", "Candidate", "Engine", "Language", "lexicon_paths", "load_processor"]


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
        clock: today's date and time, for answers that depend on it (Asia/Bangkok).
    """

    def __init__(
        self,
        faq: FAQ,
        processor: TextProcessor,
        config: MatcherConfig | None = None,
        *,
        clock: Callable[[], datetime] = bangkok_now,
    ) -> None:
        self.faq = faq
        self.clock = clock
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

    def ask(
        self, question: str, *, context: Context | None = None, now: datetime | None = None
    ) -> Answer:
        """The reply to one message, in its language.

        Args:
            question: the message as the member typed it.
            context: the chat's last answered topic, for a follow-up (see
                :class:`bot.conversation.Conversations`).
            now: the moment answers that depend on today are computed for (default: the
                engine's clock).
        """
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
                reason=Reason("answered"),
                context=Context(entry.id, result.tokens, language),
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
                reason=Reason("close-call"),
            )
        return Answer(
            question,
            language,
            "declined",
            None,
            score,
            candidates,
            (),
            texts.DECLINED[language],
            reason=Reason("declined"),
        )
