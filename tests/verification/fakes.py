"""A stand-in for fetching and re-anchoring, for tests of what checks do.

It answers each issue with the verdict a test sets (by quote), so the tests of the
flow and the state machine need no page; tests/verification/test_live.py checks the
same flow against real pages on a loopback server.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fetched:
    outcome: str
    status: int | None = 200
    text: str = ""
    etag: str = ""
    last_modified: str = ""
    reason: str = ""
    final_url: str = ""
    containers: tuple = (0,)


@dataclass(frozen=True)
class Located:
    verdict: str
    start: int | None = None
    end: int | None = None
    new_text: str = ""
    live_text: str = ""


@dataclass
class FakePage:
    outcome: str = "ok"
    status: int | None = 200
    reason: str = ""
    etag: str = ""
    verdicts: dict = field(default_factory=dict)  # quote -> verdict
    new_text: str = ""
    fetches: list = field(default_factory=list)  # (url, etag) of each fetch

    def fetch(self, url, hosts, etag="", last_modified=""):
        self.fetches.append((url, etag))
        if self.outcome == "ok" and etag and etag == self.etag:
            return Fetched("not_modified", 304, etag=etag)
        return Fetched(
            self.outcome,
            self.status,
            text="page text" if self.outcome == "ok" else "",
            etag=self.etag,
            reason=self.reason,
        )

    def locate(self, fetched, issue):
        verdict = self.verdicts.get(issue.quote, "present")
        new_text = self.new_text if verdict == "fixed" else ""
        live = "" if verdict == "gone" else f"… {new_text or issue.quote} …"
        return Located(verdict, new_text=new_text, live_text=live)


def fake_page(monkeypatch, **fields) -> FakePage:
    """Have checks fetch a FakePage instead of the network."""
    from orfo.verification import tasks

    page = FakePage(**fields)
    monkeypatch.setattr(tasks, "fetch_page", page.fetch)
    monkeypatch.setattr(tasks, "locate", page.locate)
    return page
