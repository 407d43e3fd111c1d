"""Normalisation of untrusted reader text."""

import re
import unicodedata

# Bidirectional overrides and isolates can make an editor see text in a different
# order than it is stored. Invisible break hints (zero-width space, word joiner, soft
# hyphen) would make equal-looking quotes differ. Zero-width (non-)joiners stay: scripts
# and emoji need them.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_INVISIBLE = "\u200b\u2060\u00ad"
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufff9-\ufffb\ud800-\udfff"
    + _BIDI
    + _INVISIBLE
    + "\ufdd0-\ufdef\ufffe\uffff"
    # Noncharacters past the BMP: U+1FFFE, U+1FFFF, … U+10FFFF.
    + "".join(
        chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)
    )
    + "]"
)
_SPACE = re.compile(r"[\s\u2028\u2029]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean(value: str) -> str:
    """NFC-normalise VALUE and drop control, bidi and surrogate code points."""
    # Everything is dropped before NFC: a code point removed afterwards could leave
    # a letter and its combining mark apart ("e", U+1FFFE, U+0301), which is not NFC.
    # Lone surrogates are gone, so NFC cannot fail.
    return unicodedata.normalize("NFC", _DROP.sub("", value))


def clean_inline(value: str) -> str:
    """Clean VALUE and collapse every run of whitespace into one space."""
    return _SPACE.sub(
        " ", clean(value.replace("\t", " ").replace("\n", " ").replace("\r", " "))
    )


def clean_multiline(value: str) -> str:
    """Clean VALUE keeping line breaks (at most one blank line in a row)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACE.sub(" ", line).strip() for line in clean(value).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
