"""Store a validated report and group it, all or nothing."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from orfo.issues.api import Selection, group_report
from orfo.issues.grouping import GROUPING_VERSION
from orfo.reports.models import Report
from orfo.reports.schemas import ReportIn
from orfo.sites.models import Site

# A reader who sends the same report again within this time gets the first one back.
COLLAPSE_WITHIN = timedelta(days=1)


@dataclass(frozen=True)
class Sender:
    reader_hash: str = ""
    browser: str = ""
    device: str = ""


ANONYMOUS = Sender()


def store_report(
    site: Site, data: ReportIn, sender: Sender = ANONYMOUS
) -> tuple[Report, bool]:
    """Return the stored report and whether it is new.

    Not new: the client_id was seen (a retry), or this reader sent the very same
    report today (a double click, a script).
    """
    existing = Report.objects.filter(site=site, client_id=data.client_id).first()
    if existing:
        return existing, False
    # What the reader sent; the same again from the same reader is the same report.
    content = {
        "url": data.url,
        "quote": data.quote,
        "prefix": data.prefix,
        "suffix": data.suffix,
        "comment": data.comment,
        "correction": data.correction,
    }
    if sender.reader_hash:
        repeated = Report.objects.filter(
            site=site,
            reader_hash=sender.reader_hash,
            created__gte=timezone.now() - COLLAPSE_WITHIN,
            **content,
        ).first()
        if repeated:
            return repeated, False
    now = timezone.now()
    try:
        with transaction.atomic():
            grouped = group_report(
                site,
                Selection(
                    url=data.url,
                    title=data.title,
                    lang=data.lang,
                    quote=data.quote,
                    prefix=data.prefix,
                    suffix=data.suffix,
                    position=data.position.start,
                    correction=data.correction,
                    comment=data.comment,
                ),
                seen=now,
            )
            report = Report.objects.create(
                site=site,
                issue=grouped.issue,
                client_id=data.client_id,
                title=data.title,
                lang=data.lang,
                position_start=data.position.start,
                position_end=data.position.end,
                **content,
                grouping_version=GROUPING_VERSION,
                created=now,
                reader_hash=sender.reader_hash,
                browser=sender.browser,
                device=sender.device,
            )
    except IntegrityError:
        # The same client_id committed meanwhile; this transaction was rolled back.
        existing = Report.objects.filter(site=site, client_id=data.client_id).first()
        if existing is None:
            raise
        return existing, False
    return report, True
