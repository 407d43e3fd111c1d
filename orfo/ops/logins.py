"""Editors' login records (django-axes): an address and a user agent per attempt.

Orfo needs a failed attempt only while it can lock the account (AXES_COOLOFF_TIME),
and never needs a record of a successful login (AXES_DISABLE_ACCESS_LOG), so the
retention purge deletes every attempt whose cool-off has ended, and every access
record axes kept before it was told not to.
"""

from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def purge_before(cutoff: datetime) -> int:
    """Delete login records that lock no one, or are older than CUTOFF; count them."""
    unlocked = max(cutoff, timezone.now() - settings.AXES_COOLOFF_TIME)
    deleted = AccessAttempt.objects.filter(attempt_time__lt=unlocked).delete()[1]
    deleted = deleted.get(AccessAttempt._meta.label, 0)
    for model in (AccessLog, AccessFailureLog):
        deleted += model.objects.all().delete()[0]
    return deleted
