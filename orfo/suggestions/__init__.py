"""Correction suggestions for reported quotes, and proofreading of whole articles.

`suggest()` corrects a reader's selection, `check_text()` proofreads an article;
both are pure functions over per-language lexicons loaded on first use.

Code map: `text` (language detection, keyboard layouts, Kazakh look-alikes),
`hunspell` (reads and expands .aff/.dic), `kazakh` (verb forms hunspell-kk lacks,
Kazakh candidates and priors), `kazakh_morphology` (Kazakh suffix chains: the regular
forms the dictionary lacks), `tessdata` (the word list in Tesseract's Kazakh data:
which forms real text uses), `charmodel` (a letter n-gram model; with `tessdata`,
Kazakh's stand-in for word frequencies),
`lexicon` (known words, frequencies, symmetric-delete index; built once into the
data dir by child processes), `mapped` (the tries and arrays every process maps from
those files), `phonetic` (sounds-like keys: Metaphone for English, keys of how
a Russian or Kazakh word is said),
`misspellings` (codespell's English misspellings, colloquial Russian spellings),
`russian` (hyphenated words hunspell-ru knows only in parts), `channel` (edit
costs learned from the misspellings: English), `errormodel` (hand-weighted edit
distance: Russian, Kazakh), `engine` (candidates, ranking, abstention),
`checks` (a missing dictionary is warning orfo.W060, a missing Kazakh word list
orfo.W061), `conf` (settings), `dictionary` (a site's dictionary and learned fixes
as the dashboard and the API list, change, import and export them; its API:
`dictionary_endpoints`).
"""

from .engine import Finding, Suggestion, check_text, suggest
from .text import detect_language

__all__ = ["Finding", "Suggestion", "check_text", "detect_language", "suggest"]
