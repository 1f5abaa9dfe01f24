"""The answering engine: a message in, the reply a member gets out. Knows nothing of Telegram."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.answer import Answer, Candidate, Context, Language
from bot.compose import Composer, beyond, several, worth_answering_apart
from bot.facts import Facts, load_facts
from bot.knowledge import FAQ, load_faq
from bot.match.long_messages import LongMessages
from bot.match.matcher import Matcher
from bot.match.parts import PartSplitter
from bot.match.rules import MatchConfig
from bot.nlp.lexicon import Lexicon, RuleWords
from bot.nlp.normalize import MAX_QUESTION_CHARS, detect_language
from bot.nlp.pipeline import TextProcessor
from bot.nlp.token_cache import LexiconTokens, TokenCache, cache_key
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
    "lexicon_files",
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


def lexicon_files(faq_path: Path) -> tuple[Path, Path, Path, Path]:
    """The files the text pipeline is built from: synonyms, domain words, rules, values."""
    files = knowledge_files(faq_path)
    return files.synonyms, files.domain_words, files.rules, files.values


def lexicon_paths(faq_path: Path) -> tuple[Path, Path]:
    """The synonyms and domain-word files that go with a FAQ file (see :func:`knowledge_files`)."""
    files = knowledge_files(faq_path)
    return files.synonyms, files.domain_words


_processor_cache: dict[tuple[object, ...], TextProcessor] = {}


def load_processor(faq_path: Path, known: LexiconTokens | None = None) -> TextProcessor:
    """The text pipeline for a FAQ file, built once per version of its lexicon files.

    Building the tokeniser's dictionary takes most of a second, so a FAQ reload that leaves
    the synonyms alone reuses it; ``known`` gives the tokens of the lexicon's phrases from an
    earlier build (those it lacked are left in ``processor.made`` for it to save).

    Raises:
        KnowledgeError: a lexicon file is malformed.
    """
    paths = lexicon_files(faq_path)
    key = tuple((str(p), p.stat().st_mtime_ns if p.exists() else None) for p in paths)
    processor = _processor_cache.get(key)
    if processor is None:
        processor = TextProcessor(Lexicon.load(*paths), known.known if known else None)
        _processor_cache.clear()
        _processor_cache[key] = processor
    return processor


def _cache_key(faq_path: Path) -> str | None:
    """The token cache's key for a FAQ's lexicon; None (no cache) when a file is unreadable."""
    try:
        return cache_key(lexicon_files(faq_path))
    except OSError:
        return None


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
        tokens_of: the tokens of the FAQ's texts (default: the processor's; see
            :class:`bot.nlp.token_cache.TokenCache`).
    """

    def __init__(
        self,
        faq: FAQ,
        processor: TextProcessor,
        config: MatchConfig | None = None,
        *,
        facts: Facts | None = None,
        clock: Callable[[], datetime] = bangkok_now,
        tokens_of: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.faq = faq
        self.facts = facts or Facts()
        self.clock = clock
        years = checked_years(self.facts.signing_date, processor.rules)
        self.matcher = Matcher(
            faq, processor, config, years=years, facts=self.facts, tokens_of=tokens_of
        )
        named = frozenset(
            w
            for items in (self.facts.people, self.facts.organisations, self.facts.countries)
            for thing in items.values()
            for w in thing.words
        )
        self.splitter = PartSplitter(
            processor,
            self.matcher.clauses,
            self.matcher.index.specific,
            named,
            answer_at=self.matcher.config.answer_at,
        )
        self.long_messages = LongMessages(self.splitter)
        self.composer = Composer(processor.rules)

    @classmethod
    def load(
        cls,
        faq_path: Path | str,
        config: MatchConfig | None = None,
        *,
        cache_dir: Path | None = None,
    ) -> Engine:
        """Load a FAQ file and its knowledge files.

        Args:
            faq_path: the FAQ file.
            config: the matcher's thresholds.
            cache_dir: where the tokens of the FAQ's texts are cached between runs (see
                :mod:`bot.nlp.token_cache`); None tokenises every text.

        Raises:
            KnowledgeError: the FAQ or a knowledge file is invalid (``.problems`` says why).
        """
        faq_path = Path(faq_path)
        # Hashed before the pipeline reads them: a file changed meanwhile makes another key.
        key = _cache_key(faq_path) if cache_dir is not None else None
        # Building makes millions of small objects that all live on: the cyclic collector would
        # walk them again and again for nothing. After, they are set aside from its scans.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            faq = load_faq(faq_path)
            files = knowledge_files(faq_path)
            phrases = LexiconTokens(cache_dir, key) if cache_dir and key else None
            processor = load_processor(faq_path, phrases)
            tokens = TokenCache(processor, cache_dir, key) if key is not None else None
            engine = cls(faq, processor, config, facts=load_facts(files.facts), tokens_of=tokens)
        finally:
            # Frozen before the collector is back on: else its first pass would walk every
            # object made while it was off, at once (a stall on whatever thread allocates).
            gc.freeze()
            if was_enabled:
                gc.enable()
        if tokens is not None:
            after = _cache_key(faq_path)  # (a file changed meanwhile: nothing is written)
            tokens.save(after)
            if phrases is not None:
                phrases.save(processor.take_made(), after)
        return engine

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
        # "ผู้ฟังถามว่า …", "caller asks …": the question reported is what is asked
        text = self.matcher.clauses.reported_question(question[:MAX_QUESTION_CHARS])
        pieces = self.splitter.split(text)
        whole = self.composer.answer(
            question, language, self.matcher.match(text, context=context, now=when)
        )
        if pieces:
            parts = self._ask_parts(
                pieces,
                language,
                context,
                when,
                separate=self.splitter.terse(text),
                closed=self.splitter.closed(text),
            )
            # A part that matches nothing is more often a scene set or a remark than a question
            # of its own: then the message read whole wins if it answers.
            weak = any(p.outcome in ("declined", "suggested") and not beyond(p) for p in parts)
            if worth_answering_apart(parts) and not (weak and whole.outcome == "answered"):
                return several(question, language, parts)
        elif whole.outcome in ("declined", "suggested"):
            return (
                self._asked_after_scene(question, text, language, context, when)
                or self._without_remarks(question, text, language, context, when, whole)
                or self._the_check_within(question, text, language, context, when)
                or whole
            )
        elif whole.verdict is None:
            return self._the_check_within(question, text, language, context, when) or whole
        return whole

    def _the_check_within(
        self, question: str, text: str, language: Language, context: Context | None, now: datetime
    ) -> Answer | None:
        """The one piece of a longer message that checks a claim ("it was signed in 2023
        ya? | i saw 2566 in some thai doc"), when read alone it gets a verdict."""
        checks = self.long_messages.checking_pieces(text)
        if len(checks) != 1:
            return None
        alone = self.composer.answer(
            question, language, self.matcher.match(checks[0], context=context, now=now)
        )
        return alone if alone.verdict is not None else None

    def _asks_itself(self, piece: str, closed: set[str] | None) -> bool:
        """Whether a part closed by its own asking ending names a topic of its own ("…ไหม |
        แล้วมีเรื่องเทรนคนด้วยรึเปล่า"): it is not read as continuing the part before."""
        if not closed or piece not in closed:
            return False
        tokens = self.matcher.processor.tokens(piece)
        specific = [t for t in tokens if t in self.matcher.index.specific]
        if specific and all(t in self.splitter.named for t in specific):
            return False  # "หน่วยงานไหน | เจโทรป่าว" guesses the answer to the part before
        return self.matcher.follow_ups.names_topic(tokens)

    def _asked_after_scene(
        self, question: str, text: str, language: Language, context: Context | None, now: datetime
    ) -> Answer | None:
        """A message the whole of which matches nothing, read by the one piece that asks
        after pieces that only set the scene, when that piece is answered."""
        asked = self.long_messages.asked_after_scene(text)
        if asked is None:
            return None
        alone = self.composer.answer(
            question, language, self.matcher.match(asked, context=context, now=now)
        )
        return alone if alone.outcome in ("answered", "not-stated") else None

    def _without_remarks(
        self,
        question: str,
        text: str,
        language: Language,
        context: Context | None,
        now: datetime,
        whole: Answer,
    ) -> Answer | None:
        """A message the whole of which matches nothing, read without its remarks (pieces
        that neither ask nor name anything of the article: "…ให้หน่อยคับ อ่านไม่ไหว"), when
        it fell below the bar or its decline words are all in what is left, and that is
        answered."""
        kept = self.long_messages.without_remarks(text)
        reason = whole.reason
        if kept is None or reason is None or reason.rule not in ("below-threshold", "decline-word"):
            return None
        if reason.rule == "decline-word" and not all(w in kept.casefold() for w in reason.words):
            return None  # a remark's decline word declines the message
        alone = self.composer.answer(
            question, language, self.matcher.match(kept, context=context, now=now)
        )
        return alone if alone.outcome in ("answered", "not-stated") else None

    def explain(
        self, question: str, *, context: Context | None = None, now: datetime | None = None
    ) -> str:
        """Every stage of answering ``question``, for curators: the parts it was cut into,
        each stage's output, the scores and the rule that decided."""
        answer = self.ask(question, context=context, now=now)
        lines = []
        if answer.parts:
            lines.append(f"{'parts':>16}: " + " | ".join(p.question for p in answer.parts))
        for part in answer.each_part:
            if answer.parts:
                lines.append(f"--- {part.question}")
            lines += [f"{stage:>16}: {output}" for stage, output in part.steps]
            lines += [f"  {c.score:5.1f}  {c.entry.id}" for c in part.candidates]
        lines.append(f"{'rule':>16}: {answer.reason}")
        return "\n".join(lines)

    def _ask_parts(
        self,
        pieces: list[str],
        language: Language,
        context: Context | None,
        now: datetime,
        *,
        separate: bool = False,
        closed: set[str] | None = None,
    ) -> list[Answer]:
        """Each part answered in turn, each read against the one before (the chat's context
        for the first) unless the parts are ``separate`` questions; a short part that names
        nothing alone ("When | and where was it signed?") is read again against the part
        after it."""
        answers: list[Answer] = []
        for index, piece in enumerate(pieces):
            continued = (
                index > 0
                and not separate
                and not self._asks_itself(piece, closed)
                and not self.splitter.names_its_entry(piece)
            )
            result = self.matcher.match(piece, context=context, now=now, continued=continued)
            answer = self.composer.answer(piece, language, result)
            if (
                continued
                and beyond(answers[-1])
                and self.splitter.terse_topics.names_nothing(piece)
            ):
                # "งานมอเตอร์เอ็กซ์โปจัดวันไหน | ที่ไหน": where of what the article does not cover.
                answer = replace(answers[-1], question=piece)
            answers.append(answer)
            if not separate:
                context = answer.context or context
        for index, answer in enumerate(answers[:-1]):
            following = answers[index + 1].context
            if answer.outcome != "declined" or following is None:
                continue
            result = self.matcher.match(pieces[index], context=following, now=now)
            if result.outcome in ("answered", "not-stated"):
                answers[index] = self.composer.answer(pieces[index], language, result)
        return answers
