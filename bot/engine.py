"""The answering engine: a message in, the reply a member gets out. Knows nothing of Telegram."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import texts
from bot.answer import Answer, Candidate, Context, Language, Reason
from bot.facts import Facts, load_facts
from bot.knowledge import FAQ, Entry, load_faq
from bot.match.matcher import Matcher, MatchResult
from bot.match.rules import MatchConfig
from bot.nlp.lexicon import Lexicon, RuleWords
from bot.nlp.normalize import MAX_QUESTION_CHARS, detect_language
from bot.nlp.pipeline import TextProcessor
from bot.settings import REPO_ROOT

KNOWLEDGE_DIR = REPO_ROOT / "knowledge"
SYNONYMS_FILE = "synonyms.yaml"
DOMAIN_WORDS_FILE = "domain_words.txt"
RULES_FILE = "rules.yaml"
FACTS_FILE = "facts.yaml"
VALUES_FILE = "values.yaml"
BANGKOK = ZoneInfo("Asia/Bangkok")
# Kept for callers that still name the old class.
MatcherConfig = MatchConfig

__all__ = [
    "Answer",
    "Candidate",
    "Engine",
    "KnowledgeFiles",
    "Language",
    "MatcherConfig",
    "knowledge_files",
    "lexicon_paths",
    "load_processor",
]


def bangkok_now() -> datetime:
    """Now, in Thailand's time zone (the article's dates are Thai dates)."""
    return datetime.now(BANGKOK)


@dataclass(frozen=True)
class KnowledgeFiles:
    """The files read beside a FAQ: the lexicon, the rules' words and the facts."""

    synonyms: Path
    domain_words: Path
    rules: Path
    facts: Path
    values: Path


def knowledge_files(faq_path: Path) -> KnowledgeFiles:
    """The knowledge files that go with a FAQ file.

    They sit beside the FAQ; when a FAQ elsewhere (FAQ_PATH) has no lexicon beside it, the
    shipped ones in ``knowledge/`` are used (each of the rules and facts files likewise).
    """
    here = faq_path.parent
    synonyms, words = here / SYNONYMS_FILE, here / DOMAIN_WORDS_FILE
    if not synonyms.exists() and not words.exists():
        synonyms, words = KNOWLEDGE_DIR / SYNONYMS_FILE, KNOWLEDGE_DIR / DOMAIN_WORDS_FILE

    def beside(name: str) -> Path:
        path = here / name
        return path if path.exists() else KNOWLEDGE_DIR / name

    return KnowledgeFiles(
        synonyms, words, beside(RULES_FILE), beside(FACTS_FILE), beside(VALUES_FILE)
    )


def lexicon_paths(faq_path: Path) -> tuple[Path, Path]:
    """The synonyms and domain-word files that go with a FAQ file (see :func:`knowledge_files`)."""
    files = knowledge_files(faq_path)
    return files.synonyms, files.domain_words


_processor_cache: dict[tuple[object, ...], TextProcessor] = {}


def load_processor(faq_path: Path) -> TextProcessor:
    """The text pipeline for a FAQ file, built once per version of its lexicon files.

    Building the tokeniser's dictionary takes most of a second, so a FAQ reload that leaves
    the synonyms alone reuses it.

    Raises:
        KnowledgeError: a lexicon file is malformed.
    """
    files = knowledge_files(faq_path)
    paths = (files.synonyms, files.domain_words, files.rules, files.values)
    key = tuple((str(p), p.stat().st_mtime_ns if p.exists() else None) for p in paths)
    processor = _processor_cache.get(key)
    if processor is None:
        processor = TextProcessor(Lexicon.load(*paths))
        _processor_cache.clear()
        _processor_cache[key] = processor
    return processor


def checked_years(signing: date | None, rules: RuleWords) -> frozenset[str]:
    """The years (C.E. and B.E.) near the signing that ask about a year when unknown."""
    if signing is None:
        return frozenset()
    window = rules.checked_years
    years = range(signing.year - window.before_signing, signing.year + window.after_signing + 1)
    return frozenset(str(y) for year in years for y in (year, year + 543))


class Engine:
    """Answers questions from one FAQ.

    Args:
        faq: the FAQ.
        processor: the text pipeline (see :func:`load_processor`).
        config: the matcher's thresholds.
        facts: the article's facts (facts.yaml).
        clock: today's date and time, for answers that depend on it (Asia/Bangkok).
    """

    def __init__(
        self,
        faq: FAQ,
        processor: TextProcessor,
        config: MatchConfig | None = None,
        *,
        facts: Facts | None = None,
        clock: Callable[[], datetime] = bangkok_now,
    ) -> None:
        self.faq = faq
        self.facts = facts or Facts()
        self.clock = clock
        years = checked_years(self.facts.signing_date, processor.rules)
        self.matcher = Matcher(faq, processor, config, years=years, facts=self.facts)

    @classmethod
    def load(cls, faq_path: Path | str, config: MatchConfig | None = None) -> Engine:
        """Load a FAQ file and its knowledge files.

        Raises:
            KnowledgeError: the FAQ or a knowledge file is invalid (``.problems`` says why).
        """
        faq_path = Path(faq_path)
        faq = load_faq(faq_path)
        files = knowledge_files(faq_path)
        return cls(faq, load_processor(faq_path), config, facts=load_facts(files.facts))

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
        when = now or self.clock()
        result = self.matcher.match(question[:MAX_QUESTION_CHARS], context=context, now=when)
        return self._answer(question, language, result)

    def _text(self, result: MatchResult, entry: Entry, language: Language) -> str:
        """The reply: the verdict and the fact (or today's note), then the entry's answer; for
        "not stated", what is not stated and the topic, without the entry's answer."""
        verdict = result.verdict
        opening = result.note
        if verdict is not None:
            label = texts.VERDICT[verdict.value][language]
            opening = f"{label} {verdict.fact or result.note}".strip()
        if result.outcome == "not-stated":
            if verdict is not None:
                return opening
            reason = result.reason
            word = reason.words[0] if reason and reason.words else ""
            return texts.NOT_STATED[language].format(
                what=self._unstated(word, language), topic=entry.title_in(language)
            )
        answer = entry.answer_in(language)
        return f"{opening}\n\n{answer}" if opening else answer

    def _unstated(self, word: str, language: Language) -> str:
        """What the article does not say, named for the member (rules.yaml ``not_stated``)."""
        labels = self.matcher.processor.rules.not_stated
        label = labels.get(word, {}).get(language)
        return label or texts.QUOTED[language].format(word=word)

    def _answer(self, question: str, language: Language, result: MatchResult) -> Answer:
        candidates = tuple(Candidate(s.entry, s.score) for s in result.ranked)
        best = result.best
        score = best.score if best else 0.0
        entry = result.entry
        verdict = result.verdict
        if result.outcome in ("answered", "not-stated") and entry is not None:
            text = self._text(result, entry, language)
            return Answer(
                question,
                language,
                "answered" if result.outcome == "answered" else "not-stated",
                entry,
                score,
                candidates,
                (),
                text,
                reason=result.reason,
                verdict=verdict,
                context=Context(entry.id, result.tokens, language),
                note=result.note,
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
                reason=result.reason,
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
            reason=result.reason or Reason("declined"),
        )
