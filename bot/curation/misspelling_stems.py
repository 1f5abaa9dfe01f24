"""synonyms.yaml: a misspelling that English stemming turns into an everyday word.

English words lose their endings before the misspellings are mended ("whats" is read as
"what"), so a misspelling whose key is cut to an everyday word would mend every such word in
every question ("whats: what is" turned each "what" into "what is"). Named here with its line.
"""

from __future__ import annotations

from pathlib import Path

from bot.curation.messages import said
from bot.curation.synonym_groups import section_items
from bot.knowledge import Problem
from bot.nlp.english_words import is_common
from bot.nlp.normalize import normalize
from bot.nlp.pipeline import TextProcessor


def _misspelling_lines(path: Path) -> list[tuple[str, int]]:
    """(key, line) of every entry under ``misspellings:``."""
    return [(str(k.value), k.start_mark.line + 1) for k, _ in section_items(path, "misspellings")]


def check_misspelling_stems(path: Path, processor: TextProcessor) -> list[Problem]:
    """A warning for each English misspelling read as an everyday word once stemmed."""
    rules = processor.rules
    zipf = rules.everyday_words_zipf
    problems: list[Problem] = []
    for key, line in _misspelling_lines(path):
        typed = normalize(key)
        if not typed.isascii():
            continue
        tokens = processor.tokens_as_typed(typed)
        read = " ".join(tokens)
        if read == typed or len(tokens) != 1:
            continue  # ("b4" is cut into b + 4 and mended as both together: harmless)
        everyday = read in rules.english_stop_words or read in rules.question_words
        if not (everyday or is_common(read, zipf)):
            continue
        problems.append(
            Problem(
                said(
                    f"คำผิด '{key}' ถูกอ่านเป็น '{read}' (ตัดท้ายคำภาษาอังกฤษ) จึงจะแก้ทุกคำ '{read}'"
                    " ในคำถามด้วย — ลบออก หรือใช้รูปที่ไม่ถูกตัด",
                    f"the misspelling '{key}' is read as '{read}' (English endings are cut), so"
                    f" every '{read}' in a question would be changed — remove it or use a form"
                    " that is not cut",
                ),
                line,
                file=path.name,
            )
        )
    return problems
