"""Read the word list inside Tesseract's trained data (Debian's tesseract-ocr-*).

Tesseract's language data carries the words its authors crawled from the web for
that language, so it tells which forms real text uses: for Kazakh, which has no
frequency list, that is the best evidence there is. The list also holds common
misspellings (ушин, жане), so it only ever ranks forms the dictionary and the
grammar already vouch for; it never makes a word acceptable.

A ``.traineddata`` file is a table of int64 offsets to its components. The LSTM
word list is a "squished" DAWG (Tesseract's dawg.cpp): each edge is a uint64
holding a letter (an index into the LSTM unicharset), three flags and the index
of the node it leads to; a node's edges are consecutive, the last one marked.
"""

import struct
from pathlib import Path

LSTM_WORD_DAWG = 19  # TessdataType: LSTM_SYSTEM_DAWG
LSTM_UNICHARSET = 21
_MARKER, _WORD_END = 1, 4  # edge flags (the third, 2, marks backward edges)
_DAWG_MAGIC = 42


def components(data: bytes) -> dict[int, bytes]:
    """Split a .traineddata file into its components, by TessdataType."""
    (count,) = struct.unpack_from("<i", data)
    offsets = struct.unpack_from(f"<{count}q", data, 4)
    present = sorted((o, i) for i, o in enumerate(offsets) if o >= 0)
    # Each ends where the next starts; with no component, the one end is left over.
    ends = [o for o, _ in present[1:]] + [len(data)]
    return {i: data[o:end] for (o, i), end in zip(present, ends, strict=False)}


def unicharset(text: str) -> list[str]:
    """Return the characters of a unicharset, by index ("NULL" is index 0)."""
    lines = text.split("\n")
    return [line.split(" ", 1)[0] for line in lines[1 : int(lines[0]) + 1]]


def dawg_words(dawg: bytes, chars: list[str]) -> list[str]:
    """Return every word of a squished DAWG."""
    magic, size, n_edges = struct.unpack_from("<hii", dawg)
    if magic != _DAWG_MAGIC:
        raise ValueError("not a Tesseract DAWG (or not little-endian)")
    edges = struct.unpack_from(f"<{n_edges}Q", dawg, 10)
    flag_shift = size.bit_length()  # bits enough for every letter index
    letter_mask = (1 << flag_shift) - 1
    words: list[str] = []
    stack = [(0, "")] if n_edges else []
    while stack:
        edge, prefix = stack.pop()
        while True:
            record = edges[edge]
            flags = (record >> flag_shift) & 7
            word = prefix + chars[record & letter_mask]
            if flags & _WORD_END:
                words.append(word)
            if target := record >> (flag_shift + 3):
                stack.append((target, word))
            if flags & _MARKER:
                break
            edge += 1
    return words


def read_words(path: Path) -> list[str]:
    """Return the LSTM word list of the trained data at PATH ([] when it has none)."""
    parts = components(path.read_bytes())
    if LSTM_WORD_DAWG not in parts or LSTM_UNICHARSET not in parts:
        return []
    chars = unicharset(parts[LSTM_UNICHARSET].decode("utf-8"))
    return dawg_words(parts[LSTM_WORD_DAWG], chars)
