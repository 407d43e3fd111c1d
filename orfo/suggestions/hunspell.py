"""Read a Hunspell .aff/.dic pair and expand it into the word forms it accepts."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class _Rule:
    strip: str
    add: str
    condition: re.Pattern[str] | None


@dataclass
class _Affix:
    kind: str  # "PFX" or "SFX"
    cross: bool
    rules: list[_Rule] = field(default_factory=list)
    # Letters at the word's end (a prefix: its start) that decide which rules apply:
    # the longest condition or strip. Words that end alike share one answer, so a
    # dictionary of a million forms tests each condition a few thousand times, not
    # tens of millions (Kazakh's affixes have hundreds of rules each).
    reach: int = 0
    _memo: dict[str, list[_Rule]] = field(default_factory=dict, repr=False)

    def matching(self, word: str) -> list[_Rule]:
        """Return the rules whose condition and strip fit WORD, in their order."""
        part = word[-self.reach :] if self.kind == "SFX" else word[: self.reach]
        if not self.reach:
            part = ""
        found = self._memo.get(part)
        if found is None:
            found = [r for r in self.rules if _fits(r, self.kind, part)]
            self._memo[part] = found
        return found


@dataclass
class Affixes:
    affixes: dict[str, _Affix]
    flag_mode: str = "char"
    skip_flags: frozenset[str] = frozenset()
    nosuggest: str | None = None
    replacements: list[tuple[str, str]] = field(default_factory=list)


def _condition(kind: str, cond: str) -> re.Pattern[str] | None:
    if cond == ".":
        return None
    return re.compile(("^" + cond) if kind == "PFX" else (cond + "$"))


def read_aff(path: Path) -> Affixes:
    """Parse the affix rules of an .aff file (prefixes, suffixes, special flags)."""
    affixes: dict[str, _Affix] = {}
    flag_mode, skip, nosuggest = "char", set(), None
    replacements: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            key = parts[0]
            if key == "FLAG" and len(parts) > 1:
                flag_mode = parts[1]
            elif key in ("ONLYINCOMPOUND", "NEEDAFFIX", "FORBIDDENWORD"):
                skip.add(parts[1])
            elif key == "REP" and len(parts) == 3 and "_" not in parts[2]:
                replacements.append((parts[1], parts[2]))
            elif key == "NOSUGGEST" and len(parts) > 1:
                nosuggest = parts[1]
            elif key in ("PFX", "SFX") and len(parts) >= 4:
                flag = parts[1]
                if flag not in affixes and len(parts) == 4:
                    affixes[flag] = _Affix(key, parts[2] == "Y")
                elif flag in affixes and len(parts) >= 5:
                    strip = "" if parts[2] == "0" else parts[2]
                    add = parts[3].split("/", 1)[0]
                    add = "" if add == "0" else add
                    cond = _condition(key, parts[4])
                    affix = affixes[flag]
                    affix.rules.append(_Rule(strip, add, cond))
                    letters = len(_TOKEN.findall(parts[4])) if cond else 0
                    affix.reach = max(affix.reach, letters, len(strip))
    return Affixes(affixes, flag_mode, frozenset(skip), nosuggest, replacements)


def _split_flags(flags: str, mode: str) -> list[str]:
    if mode == "long":
        return [flags[i : i + 2] for i in range(0, len(flags), 2)]
    if mode == "num":
        return flags.split(",")
    return list(flags)


_TOKEN = re.compile(r"\[[^\]]*\]|.")  # one letter of a condition


def _fits(rule: _Rule, kind: str, word: str) -> bool:
    if rule.condition is not None and not rule.condition.search(word):
        return False
    if kind == "SFX":
        return word.endswith(rule.strip)
    return word.startswith(rule.strip)


def _apply(rule: _Rule, kind: str, word: str) -> str:
    """Return WORD with RULE applied (which `_Affix.matching` found to fit)."""
    if kind == "SFX":
        return word[: len(word) - len(rule.strip)] + rule.add
    return rule.add + word[len(rule.strip) :]


def expand(dic: Path, aff: Path) -> Iterator[tuple[str, bool, bool]]:
    """Yield (form, is_stem, suggestible) for every form the dictionary accepts."""
    rules = read_aff(aff)
    with open(dic, encoding="utf-8-sig", errors="replace") as f:
        lines = iter(f)
        next(lines, None)  # the approximate word count
        for line in lines:
            entry = line.strip().split("\t", 1)[0].split(" ", 1)[0]
            if not entry:
                continue
            stem, _, flagstr = entry.replace("\\/", "\x00").partition("/")
            stem = stem.replace("\x00", "/")
            flags = _split_flags(flagstr, rules.flag_mode)
            if rules.skip_flags.intersection(flags):
                continue
            suggestible = rules.nosuggest not in flags
            yield stem, True, suggestible
            prefixes, suffixes = [], []
            for flag in flags:
                affix = rules.affixes.get(flag)
                if affix is not None:
                    (prefixes if affix.kind == "PFX" else suffixes).append(affix)
            suffixed: list[str] = []
            for affix in suffixes:
                for rule in affix.matching(stem):
                    form = _apply(rule, "SFX", stem)
                    if form:
                        yield form, False, suggestible
                        if affix.cross:
                            suffixed.append(form)
            for affix in prefixes:
                for rule in affix.rules:
                    if rule in affix.matching(stem):
                        form = _apply(rule, "PFX", stem)
                        if form:
                            yield form, False, suggestible
                    if affix.cross:
                        for base in suffixed:
                            if rule in affix.matching(base):
                                form = _apply(rule, "PFX", base)
                                if form:
                                    yield form, False, suggestible
