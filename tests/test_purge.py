"""orfo purge: reader data past its age is deleted, the rest stays."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from orfo.issues.models import Issue, Page
from orfo.outbox.models import Event
from orfo.reports.models import Report
from tests.conftest import make_report

pytestmark = pytest.mark.django_db


def test_purge_deletes_old_reports_and_emptied_issues(site, send):
    send(make_report(site, "teh"))
    send(make_report(site, "quick", text="the quick fox"))
    send(make_report(site, "quick", text="the quick fox"))
    old = timezone.now() - timedelta(days=400)
    Report.objects.filter(quote="teh").update(created=old)
    Issue.objects.filter(quote="teh").update(last_seen=old)
    one_of_two = Report.objects.filter(quote="quick").first()
    Report.objects.filter(pk=one_of_two.pk).update(created=old)
    Event.objects.update(dispatched_at=old)
    out = StringIO()
    call_command("purge", "--older-than", "365d", stdout=out)
    assert "2 reports" in out.getvalue()
    assert list(Issue.objects.values_list("quote", flat=True)) == ["quick"]
    assert Report.objects.count() == 1
    assert Page.objects.count() == 1
    assert not Event.objects.exists()


@pytest.mark.parametrize("age", ["365", "0d", "1y", "-5d"])
def test_purge_wants_days(age):
    with pytest.raises(CommandError):
        call_command("purge", "--older-than", age)
