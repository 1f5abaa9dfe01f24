"""The text stages: how a message (or a FAQ phrasing) becomes the tokens the matcher compares.

normalize (:mod:`bot.nlp.normalize`) → strip the address and particles → tokenise → mend
spellings (:mod:`bot.nlp.spelling`) → read durations → canonicalise (synonyms) → drop fillers,
all in :class:`bot.nlp.pipeline.TextProcessor`; the word lists come from ``knowledge/``
(:mod:`bot.nlp.lexicon`). Nothing here knows about Telegram or about the FAQ entries.
"""
