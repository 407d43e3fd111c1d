"""Store a validated report and group it, all or nothing."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from orfo.issues.api import Selection, group_report
from orfo.issues.grouping import GROUPING_VERSION
from orfo.reports.models import Report
from orfo.reports.schemas import ReportIn
from orfo.sites.models import Site


def store_report(site: Site, data: ReportIn) -> tuple[Report, bool]:
    """Return the stored report and whether it is new (False: a repeated client_id)."""
    existing = Report.objects.filter(site=site, client_id=data.client_id).first()
    if existing:
        return existing, False
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
                ),
                seen=now,
            )
            report = Report.objects.create(
                site=site,
                issue=grouped.issue,
                client_id=data.client_id,
                url=data.url,
                title=data.title,
                lang=data.lang,
                quote=data.quote,
                prefix=data.prefix,
                suffix=data.suffix,
                position_start=data.position.start,
                position_end=data.position.end,
                comment=data.comment,
                correction=data.correction,
                grouping_version=GROUPING_VERSION,
                created=now,
            )
    except IntegrityError:
        # The same client_id committed meanwhile; this transaction was rolled back.
        existing = Report.objects.filter(site=site, client_id=data.client_id).first()
        if existing is None:
            raise
        return existing, False
    return report, True
