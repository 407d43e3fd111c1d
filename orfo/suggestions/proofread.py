"""Proofreading a whole article, shared by the API and the dashboard page."""

from orfo.suggestions import engine

MAX_TEXT = 100_000


def proofread(text: str, lang: str | None = None) -> tuple[str | None, list[dict], int]:
    """Return the language used, the findings as plain dictionaries and how many
    characters of TEXT were checked (fewer than all past `engine.MAX_EXAMINED`)."""
    lang = engine.normalise_lang(lang) or engine.detect_language(text)
    findings = engine.check_text(text, lang) if lang else engine.Findings()
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
