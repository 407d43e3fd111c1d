"""The demo newsroom: one short article per language, each with deliberate errors."""

from dataclasses import dataclass, replace

SITE_NAME = "Orfo demo newsroom"
SITE_HOSTS = ["127.0.0.1", "localhost"]


@dataclass(frozen=True)
class Article:
    lang: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    errors: tuple[tuple[str, str], ...]  # (wrong text as printed, correction)


ARTICLES = {
    "ru": Article(
        lang="ru",
        title="В Алматы открылась новая городская библиотека",
        lead="Читатели получили сто тысяч книг и зал для детей.",
        paragraphs=(
            "В среду в Алматы обьявили об открытии новой городской библиотеки. "
            "В фонде больше ста тысяч книг, половина из них на казахском языке.",
            "В церемонии открытия учавствовали школьники и студенты. Директор "
            "библиотеки рассказала, что в в новом здании есть отдельный зал для "
            "детей и компьютерный класс.",
            "Это уже третья библиотека, построенная вКазахстане за год. В следующем "
            "году акимат планирует открыть ещё две.",
        ),
        errors=(
            ("обьявили", "объявили"),
            ("учавствовали", "участвовали"),
            ("в в", "в"),
            ("вКазахстане", "в Казахстане"),
        ),
    ),
    "kk": Article(
        lang="kk",
        title="Алматыда жаңа кітапхана ашылды",
        lead="Оқырмандарға жүз мың кітап пен балалар залы ұсынылды.",
        paragraphs=(
            "Сәрсенбі күні Алматыда жаңа калалык кітапхана ашылды. Кітапхана қорында "
            "жүз мыңнан астам кітап бар, оның жартысы қазақ тілінде.",
            "Ашылу салтанатына мектеп окушылары мен студенттер қатысты. Кітапхана "
            "директоры жаңа ғимаратта балаларға арналған бөлек зал мен компьютер "
            "сыныбы бар екенін айтты.",
            "Кітапхана күн сайын таңғы сағат тоғыздан кешкі сағат жиырмаға дейін "
            "жумыс істейді. Келесі жылы қала әкімдігі тағы екі кітапхана ашуды "
            "жоспарлап отыр.",
        ),
        errors=(("калалык", "қалалық"), ("окушылары", "оқушылары"), ("жумыс", "жұмыс")),
    ),
    "en": Article(
        lang="en",
        title="Almaty opens a new city library",
        lead="Readers get a hundred thousand books and a room for children.",
        paragraphs=(
            "On Wednesday Almaty opened teh doors of its new city library. Its "
            "collection holds more than a hundred thousand books, half of them "
            "in Kazakh.",
            "Schoolchildren and students attended the opening. The director said "
            "the the new building has a separate room for children and a computer "
            "class that recieved its first visitors the same day.",
            "It is the third library built in Kazakhstan this year, and the city "
            "goverment plans to open two more next year.",
        ),
        errors=(
            ("teh", "the"),
            ("the the", "the"),
            ("recieved", "received"),
            ("goverment", "government"),
        ),
    ),
}


def published(article: Article, fixes: list[tuple[str, str, str]]) -> Article:
    """ARTICLE with each (quote, prefix, fix) applied where the quote follows the
    end of its prefix (the first such place), as an editor would correct it."""
    lead, paragraphs = article.lead, list(article.paragraphs)
    texts = [lead, *paragraphs]
    for quote, prefix, fix in fixes:
        tail = prefix.rsplit("\n", 1)[-1][-12:]  # the end of its own paragraph
        for before in (tail, ""):  # where the prefix says, else the first place
            found = [(i, t.find(before + quote)) for i, t in enumerate(texts)]
            found = [(i, at + len(before)) for i, at in found if at >= 0]
            if found:
                i, at = found[0]
                texts[i] = texts[i][:at] + fix + texts[i][at + len(quote) :]
                break
    return replace(article, lead=texts[0], paragraphs=tuple(texts[1:]))
