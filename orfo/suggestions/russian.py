"""Russian words written with a hyphen, which Hunspell knows only in parts.

hunspell-ru checks "кто-то" as "кто" and "то", so its word list has no
hyphenated forms, and a writer who drops the hyphen ("ктото", "помоему") got no
suggestion. The rules of the spelling reference (indefinite pronouns with -то,
-либо, -нибудь and кое-; the emphatic -то after pronouns and adverbs, -ка after
imperatives; по- with adverbs in -ому/-ему, -ски, -ьи; во-первых; a handful of
fixed words) generate them from the dictionary's own forms.
"""

from collections.abc import Iterable

_QUESTION_WORDS = (
    "кто кого кому кем ком что чего чему чем чём какой какого какому каким каком "
    "какая какую какою какое какие каких какими чей чьего чьему чьим чьём чья "
    "чьей чью чьё чьи чьих чьими где куда откуда когда как почему зачем отчего "
    "сколько скольких скольким каков какова каково каковы"
).split()
_PARTICLES = ("то", "либо", "нибудь")
_KOE = "кто кого кому кем ком что чего чему чем чём какой какого какому каким какая какую какое какие каких какими где куда откуда когда как".split()  # noqa: E501
# Words that take the emphatic -то ("я-то", "так-то") and imperatives that take -ка.
_EMPHATIC = (
    "я ты он она оно мы вы они мне тебе ему ей нам вам им меня тебя его её нас вас "
    "их тут там здесь так вот тогда теперь сейчас это этот эта эти сам сама сами"
).split()
_IMPERATIVES = (
    "давай давайте дай дайте скажи скажите смотри смотрите посмотри посмотрите "
    "погоди погодите подожди подождите иди идите пойди пойдите постой постойте "
    "слушай слушайте послушай послушайте попробуй попробуйте"
).split()
_ORDINALS = (
    "во-первых во-вторых в-третьих в-четвертых в-пятых в-шестых в-седьмых "
    "в-восьмых в-девятых в-десятых"
).split()
_FIXED = (
    "из-за из-под по-над все-таки так-таки опять-таки довольно-таки наконец-таки "
    "как-никак точь-в-точь давным-давно ей-богу более-менее мало-помалу "
    "волей-неволей крест-накрест туда-сюда худо-бедно видимо-невидимо "
    "чуть-чуть еле-еле вот-вот едва-едва то-то ну-ка на-ка де-факто де-юре"
).split()

# Datives that make no по- adverb ("по нему", "по одному" are two words).
_NOT_ADVERBS = set("кому чему тому этому нему ему всему самому одному".split())


def hyphenated(words: Iterable[str], known: set[str]) -> set[str]:
    """Return hyphenated words built from WORDS by the rules, as keys (lower case,
    ё read as е), those whose parts are all in KNOWN and whose joined form isn't."""
    ruled = {w + "-" + p for w in _QUESTION_WORDS for p in _PARTICLES}
    ruled |= {"кое-" + w for w in _KOE}
    ruled |= {w + "-то" for w in _EMPHATIC} | {w + "-ка" for w in _IMPERATIVES}
    for word in words:
        if len(word) < 4 or "-" in word:
            continue
        if word.endswith(("ому", "ему")) and word not in _NOT_ADVERBS:  # по-новому
            ruled.add("по-" + word)
        elif word.endswith(("ски", "цки")) and word + "й" in known:  # по-русски
            ruled.add("по-" + word)
        elif word.endswith("ьи") and word[:-2] + "ий" in known:  # по-волчьи
            ruled.add("по-" + word)
    found = {h.replace("ё", "е") for h in ruled}
    found = {h for h in found if all(p in known for p in h.split("-"))}
    found |= set(_ORDINALS) | set(_FIXED)
    return {h for h in found if h.replace("-", "") not in known}
