"""Keyset cursors for the APIs' lists: the last id of a page, signed, so that a
client cannot mistake them for anything it may build."""

from django.core import signing


class Cursors:
    """Cursors of one list (SALT names it: one list's cursor is no other's)."""

    def __init__(self, salt: str) -> None:
        self.salt = salt

    def after(self, last_id: int) -> str:
        """The cursor of the page that follows the row LAST_ID."""
        return signing.dumps(last_id, salt=self.salt)

    def last_id(self, cursor: str) -> int | None:
        """The row id CURSOR was made after; None if it is not a cursor of ours."""
        try:
            value = signing.loads(cursor, salt=self.salt)
        except (signing.BadSignature, ValueError, UnicodeError):
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            return None
        return value
