"""The match stages: a message's tokens against the FAQ, then the rules that decide.

:mod:`index` (what each entry knows, word weights, typo look-ups) → :mod:`mend` (the
tokeniser's cuts around known words) → :mod:`values` (values a member checks) →
:mod:`scoring` (rank the entries) → :mod:`clauses` (a long message read by its asking part) →
:mod:`rules` (each decision rule with its reason), orchestrated by :mod:`matcher`.
"""
