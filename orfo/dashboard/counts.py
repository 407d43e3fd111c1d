"""How many reports an issue has and from how many readers: "28 reports from 1 reader".

Readers are counted apart from reports so that one person sending many reports is
seen as one (a reader is a daily reader hash: the same person on two days is two).
"""

from django.utils.translation import npgettext, pgettext


def reports_from_readers(reports: int, readers: int) -> str:
    return pgettext("reports from readers", "%(reports)s %(readers)s") % {
        "reports": npgettext("count", "%(n)d report", "%(n)d reports", reports)
        % {"n": reports},
        "readers": npgettext(
            "count", "from %(n)d reader", "from %(n)d readers", readers
        )
        % {"n": readers},
    }
