"""One page's issues re-anchored in one fetch of it."""

from collections.abc import Hashable
from dataclasses import dataclass

from orfo.verification.anchor import Located, locate
from orfo.verification.fetch import Fetched


@dataclass(frozen=True)
class Anchor:
    """An issue as the widget reported it: where to look for its quote."""

    id: Hashable
    quote: str
    prefix: str
    suffix: str
    position: int


def check_page(fetched: Fetched, issues: list[Anchor]) -> dict[Hashable, Located]:
    """Each issue's verdict on the fetched page; {} unless the fetch was "ok" (the
    fetch's own outcome, e.g. missing or unreachable, is then the verdict)."""
    if fetched.outcome != "ok":
        return {}
    return {
        issue.id: locate(
            fetched.text,
            issue.quote,
            issue.prefix,
            issue.suffix,
            issue.position,
            origins=fetched.containers,
        )
        for issue in issues
    }
