"""Proofreading a whole article, shared by the API and the dashboard page."""

from orfo.suggestions import engine

MAX_TEXT = 100_000
# The time one call may spend on unknown words once the lexicon is loaded,
# whatever they are: an ordinary 100,000-character article takes 0.05-0.4 s on a
# small server; 100,000 characters of made-up short words would take seconds
# (each distinct unknown word costs 0.5-2 ms).
MAX_SECONDS = 0.5


def proofread(text: str, lang: str | None = None) -> tuple[str | None, list[dict], int]:
    """Return the language used, the findings as plain dictionaries and how many
    characters of TEXT were checked (fewer than all past `engine.MAX_EXAMINED` letters
    of unknown words or MAX_SECONDS)."""
    lang = engine.normalise_lang(lang) or engine.detect_language(text)
    findings = (
        engine.check_text(text, lang, seconds=MAX_SECONDS)
        if lang
        else engine.Findings()
    )
    checked = findings.checked if lang else len(text)
    return (
        lang,
        [
            {
                "start": f.start,
                "end": f.end,
                "word": f.word,
                "error": f.error,
                "suggestions": list(f.suggestions),
            }
            for f in findings
        ],
        checked,
    )


def marked(text: str, findings: list[dict]) -> list[tuple[str, dict | None]]:
    """Split TEXT into (piece, finding or None) for display, in order."""
    pieces, at = [], 0
    for finding in sorted(findings, key=lambda f: f["start"]):
        if finding["start"] < at:
            continue  # overlapping findings: keep the first
        pieces.append((text[at : finding["start"]], None))
        pieces.append((text[finding["start"] : finding["end"]], finding))
        at = finding["end"]
    pieces.append((text[at:], None))
    return [(piece, f) for piece, f in pieces if piece]
