"""Read-only word sets and tables that every process maps from one file.

A lexicon's big structures (a million word forms, their frequencies, the
symmetric-delete index) are written once as MARISA tries and flat arrays and then
memory-mapped: loading a language is a map, not an unpickling, and the serve
workers and the worker share one copy in the page cache instead of holding
hundreds of megabytes of Python objects each.

Each class answers the read API of the Python type it replaces (a set, a dict, an
array), so the engine works the same on a lexicon just built in memory (tests,
no cache dir) and on a mapped one.
"""

import mmap
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import marisa_trie


def _open_trie(cls, path: Path):
    trie = cls()
    trie.mmap(str(path))
    return trie


def _map_array(path: Path, typecode: str) -> memoryview:
    with open(path, "rb") as f:
        if f.seek(0, 2) == 0:
            return memoryview(array(typecode))
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)).cast(
            typecode
        )


class _Keyed:
    """What every mapped structure answers from its trie of keys (each key once)."""

    def __init__(self, trie) -> None:
        self._trie = trie

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __len__(self) -> int:
        return len(self._trie)

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie)


class WordSet(_Keyed):
    """A set of strings; a key's id (`index_of`, `[id]`) is its place in the trie."""

    @staticmethod
    def write(words: Iterable[str], path: Path) -> None:
        marisa_trie.Trie(words).save(str(path))

    @classmethod
    def open(cls, path: Path) -> "WordSet":
        return cls(_open_trie(marisa_trie.Trie, path))

    def __getitem__(self, i: int) -> str:
        return self._trie.restore_key(i)

    def __and__(self, other: Iterable[str]) -> set[str]:
        return {w for w in other if w in self}

    __rand__ = __and__

    def __rsub__(self, other: Iterable[str]) -> set[str]:
        return {w for w in other if w not in self}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordSet | set | frozenset):
            return NotImplemented
        return len(self) == len(other) and all(w in other for w in self)

    __hash__ = None  # type: ignore[assignment]

    def __ge__(self, other: Iterable[str]) -> bool:
        return all(w in self for w in other)

    def __le__(self, other: Iterable[str]) -> bool:
        return all(w in other for w in self)

    def index_of(self, key: str) -> int:
        return self._trie.key_id(key)


def ordered(words: Iterable[str]) -> list[str]:
    """Return WORDS in the order of their ids in a `WordSet` of them, so that a
    list position written beside it (`near`'s index) stays valid once mapped."""
    trie = marisa_trie.Trie(words)
    return [trie.restore_key(i) for i in range(len(trie))]


class FloatTable(_Keyed, Mapping[str, float]):
    """A str -> float mapping: a trie of the keys and their values by key id."""

    def __init__(self, trie: marisa_trie.Trie, values: memoryview) -> None:
        super().__init__(trie)
        self._values = values

    @staticmethod
    def write(table: Mapping[str, float], path: Path) -> None:
        trie = marisa_trie.Trie(table)
        values = array("d", bytes(8 * len(trie)))
        for key, value in table.items():
            values[trie.key_id(key)] = value
        trie.save(str(path))
        path.with_suffix(".values").write_bytes(values.tobytes())

    @classmethod
    def open(cls, path: Path) -> "FloatTable":
        trie = _open_trie(marisa_trie.Trie, path)
        return cls(trie, _map_array(path.with_suffix(".values"), "d"))

    def get(self, key: str, default=None):
        i = self._trie.get(key) if isinstance(key, str) else None
        return default if i is None else self._values[i]

    def __getitem__(self, key: str) -> float:
        i = self._trie.get(key) if isinstance(key, str) else None
        if i is None:
            raise KeyError(key)
        return self._values[i]


class TextTable(_Keyed, Mapping[str, str]):
    """A str -> str mapping (a key's dictionary spelling, say)."""

    @staticmethod
    def write(table: Mapping[str, str], path: Path) -> None:
        items = [(k, v.encode()) for k, v in table.items()]
        marisa_trie.BytesTrie(items).save(str(path))

    @classmethod
    def open(cls, path: Path) -> "TextTable":
        return cls(_open_trie(marisa_trie.BytesTrie, path))

    def __getitem__(self, key: str) -> str:
        found = self._trie.get(key) if isinstance(key, str) else None
        if not found:
            raise KeyError(key)
        return found[0].decode()


_SEP = "\x00"


class TuplesTable(_Keyed, Mapping[str, tuple[str, ...]]):
    """A str -> tuple of str mapping: a misspelling's corrections."""

    @staticmethod
    def write(table: Mapping[str, tuple[str, ...]], path: Path) -> None:
        items = ((k, _SEP.join(v).encode()) for k, v in table.items())
        marisa_trie.BytesTrie(items).save(str(path))

    @classmethod
    def open(cls, path: Path) -> "TuplesTable":
        return cls(_open_trie(marisa_trie.BytesTrie, path))

    def get(self, key: str, default=None):
        found = self._trie.get(key) if isinstance(key, str) else None
        return tuple(found[0].decode().split(_SEP)) if found else default

    def __getitem__(self, key: str) -> tuple[str, ...]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


class Numbers:
    """A flat array of unsigned 64-bit numbers (the delete index), mapped."""

    @staticmethod
    def write(numbers: array, path: Path) -> None:
        path.write_bytes(numbers.tobytes())

    @staticmethod
    def open(path: Path) -> memoryview:
        return _map_array(path, "Q")


_KEY_END = "\t"


class Sounds:
    """Words by a key (how they sound, `phonetic`): one trie of "KEY\\tword" entries,
    read by prefix, so the index adds a mapped file and no Python objects."""

    def __init__(self, trie: marisa_trie.Trie) -> None:
        self._trie = trie

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> "Sounds":
        """Return the index of (key, word) PAIRS, in memory."""
        return cls(marisa_trie.Trie(f"{k}{_KEY_END}{w}" for k, w in pairs))

    @staticmethod
    def write(sounds: "Sounds", path: Path) -> None:
        sounds._trie.save(str(path))

    @classmethod
    def open(cls, path: Path) -> "Sounds":
        return cls(_open_trie(marisa_trie.Trie, path))

    def get(self, key: str) -> list[str]:
        start = len(key) + 1
        return [entry[start:] for entry in self._trie.keys(key + _KEY_END)]

    def __len__(self) -> int:
        return len(self._trie)
