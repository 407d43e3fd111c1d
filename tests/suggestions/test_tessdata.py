import struct
from pathlib import Path

import pytest

from orfo.suggestions import conf, kazakh, lexicon, tessdata
from orfo.suggestions.checks import word_lists_installed


def squished_dawg(words: list[str], chars: list[str]) -> bytes:
    """Write WORDS as Tesseract writes a word list: a trie whose nodes are runs of
    edges, the last edge of each run marked, each edge pointing at its child's run."""
    trie: dict = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}  # the end of a word
    shift = len(chars).bit_length()
    edges: list[int] = []

    def place(node: dict) -> int:
        letters = sorted(c for c in node if c)
        start = len(edges)
        edges.extend([0] * len(letters))
        for i, c in enumerate(letters):
            child = node[c]
            target = place(child) if any(k for k in child) else 0
            flags = (4 if "" in child else 0) | (1 if i == len(letters) - 1 else 0)
            edges[start + i] = chars.index(c) | flags << shift | target << (shift + 3)
        return start

    place(trie)
    return struct.pack(f"<hii{len(edges)}Q", 42, len(chars), len(edges), *edges)


def traineddata(words: list[str]) -> bytes:
    chars = ["NULL", *sorted({c for w in words for c in w})]
    uni = f"{len(chars)}\n" + "".join(f"{c} 0 0,255 NULL\n" for c in chars)
    parts = {
        tessdata.LSTM_WORD_DAWG: squished_dawg(words, chars),
        tessdata.LSTM_UNICHARSET: uni.encode(),
    }
    count = 24
    offsets, body = [-1] * count, b""
    for kind in sorted(parts):
        offsets[kind] = 4 + 8 * count + len(body)
        body += parts[kind]
    return struct.pack(f"<i{count}q", count, *offsets) + body


def test_the_word_list_is_read_back_whole(tmp_path):
    words = ["бар", "бару", "барады", "бармын", "кел", "келді", "үй", "үйде", "а"]
    path = tmp_path / "kaz.traineddata"
    path.write_bytes(traineddata(words))
    assert sorted(tessdata.read_words(path)) == sorted(words)


def test_trained_data_without_a_word_list_reads_as_empty(tmp_path):
    path = tmp_path / "xyz.traineddata"
    path.write_bytes(struct.pack("<i24q", 24, *[-1] * 24))
    assert tessdata.read_words(path) == []


def test_debians_kazakh_word_list_is_read():
    path = conf.find_word_list("kk")
    if path is None:
        pytest.skip("tesseract-ocr-kaz is not installed")
    words = set(tessdata.read_words(path))
    assert len(words) > 400_000
    assert {"және", "үшін", "Қазақстан"} <= words


def test_only_known_forms_count_as_used_and_the_rest_teach_nothing(
    tmp_path, monkeypatch
):
    dic = tmp_path / "kk_KZ.dic"
    dic.write_text("3\nкітап/A\nбала/A\nбару/MN\n", encoding="utf-8")
    forms = {"кітап", "бала", "балалар", "бару"}
    monkeypatch.setattr(kazakh, "MIN_ATTESTED", 2)
    seen = ["Бала", "балалар", "балаларымыз", "ушин", "кітап"]
    model, _ = kazakh.build_model(dic, forms, {"кітап", "бала", "бару"}, seen)
    # ушин is a look-alike slip for үшін that the web is full of: never "used"
    assert "ушин" not in model.attested
    assert {"бала", "балалар", "кітап", "балаларымыз"} == model.attested
    used = kazakh.Model(model.grammar, model.letters, model.per_letter, {"бару"})
    bonus = used.prior("бару", True, True) - model.prior("бару", True, True)
    assert bonus == pytest.approx(kazakh.ATTESTED_BONUS)


def test_a_missing_word_list_is_a_system_check_warning(tmp_path, settings):
    settings.ORFO_SUGGESTIONS_TESSDATA_DIRS = [str(tmp_path)]
    (found,) = word_lists_installed(None)
    assert found.id == "orfo.W061" and "tesseract-ocr-kaz" in found.hint
    (tmp_path / "kaz.traineddata").write_bytes(traineddata(["бар"]))
    assert word_lists_installed(None) == []


def test_the_default_folders_are_debians():
    assert Path("/usr/share/tesseract-ocr/5/tessdata") in conf.tessdata_dirs()


@pytest.mark.parametrize(
    "damage", [b"", b"\x18\x00\x00\x00", b"not tesseract data" * 10]
)
def test_an_unreadable_word_list_is_ignored(tmp_path, settings, damage):
    settings.ORFO_SUGGESTIONS_TESSDATA_DIRS = [str(tmp_path)]
    (tmp_path / "kaz.traineddata").write_bytes(damage)
    assert lexicon._word_list("kk") == []
