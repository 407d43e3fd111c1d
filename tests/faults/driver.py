"""A bounded load of reports with a fault in the middle, and the checks after it."""

import threading
import time
import uuid
from collections import Counter

from orfo.issues.models import Issue
from orfo.reports.models import Report
from tests.conftest import make_report

QUOTES = ["teh", "Almaty", "library", "collection", "Wednesday", "doors", "city"]


def reports(site, count: int) -> list[dict]:
    return [
        make_report(site, QUOTES[n % len(QUOTES)], client_id=uuid.uuid4().hex)
        for n in range(count)
    ]


def load_with_fault(server, payloads, fault, *, threads=8, fault_after=20, pause=0.02):
    """Send every payload once from THREADS senders; call FAULT() meanwhile.

    The fault comes once FAULT_AFTER reports were answered (or after 30 s); each
    sender waits PAUSE seconds between its reports.

    Returns the first answer to each payload: [(status, answer, retry_after)].
    """
    answers = [None] * len(payloads)
    todo = iter(range(len(payloads)))
    lock = threading.Lock()

    def sender():
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            answers[i] = server.post(payloads[i], reader=i)
            time.sleep(pause)  # a steady stream, so that the fault falls mid-run

    workers = [threading.Thread(target=sender) for _ in range(threads)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 30
    while sum(a is not None for a in answers) < fault_after:
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    fault()
    for w in workers:
        w.join(120)
    assert not any(w.is_alive() for w in workers), "senders did not finish"
    return answers


def load_until(server, payload_for, done, *, threads=4, pause=0.05, most=2000):
    """Send PAYLOAD_FOR(0), PAYLOAD_FOR(1)... from THREADS senders until DONE() is
    true (asked before each report) or MOST were sent: a load that lasts as long as
    a fault takes to come, however slow the machine.

    Returns the payloads sent and the first answer to each.
    """
    payloads: list[dict] = []
    answers: list = []
    lock = threading.Lock()

    def sender():
        while True:
            with lock:
                if len(payloads) >= most or done():
                    return
                i = len(payloads)
                payloads.append(payload_for(i))
                answers.append(None)
            answers[i] = server.post(payloads[i], reader=i)
            time.sleep(pause)

    workers = [threading.Thread(target=sender) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(180)
    assert not any(w.is_alive() for w in workers), "senders did not finish"
    return payloads, answers


def retry_unacknowledged(server, payloads, answers, *, attempts=20, wait=0.2):
    """Retry, as the widget does (same client_id), every report not acknowledged.

    Returns how many retries were needed; fails if one is never acknowledged.
    """
    retried = 0
    for i, payload in enumerate(payloads):
        status = answers[i][0]
        for attempt in range(attempts):
            if status in (200, 201):
                break
            retried += 1
            time.sleep(wait * attempt)  # the first retry at once, then back off
            answers[i] = server.post(payload, reader=i)
            status = answers[i][0]
        assert status in (200, 201), (i, answers[i])
    return retried


def assert_stored_once(site, payloads, acknowledged):
    """Each report is one row, its acknowledged id; nothing is half-written."""
    ids = dict(Report.objects.filter(site=site).values_list("client_id", "pk"))
    per_client = Counter(
        Report.objects.filter(site=site).values_list("client_id", flat=True)
    )
    assert all(n == 1 for n in per_client.values()), per_client.most_common(3)
    sent = {p["client_id"] for p in payloads}
    assert set(ids) == sent, (len(set(ids) - sent), len(sent - set(ids)))
    for payload, (_, answer, _) in zip(payloads, acknowledged, strict=True):
        assert answer["report"] == ids[payload["client_id"]]
    # No issue counts a report that is not there, or was created without its report.
    for issue in Issue.objects.filter(site=site):
        assert issue.report_count == issue.reports.count() > 0, issue
    assert Report.objects.filter(site=site).count() == len(payloads)
