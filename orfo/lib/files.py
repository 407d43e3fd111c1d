"""Files only the account that runs Orfo may read: the data dir and the database.

They hold password hashes, sessions, API tokens, webhook secrets and the control
socket. Created private; an existing one this account owns is made private too, and
one it cannot change is left to the system check (orfo/ops/checks.py).
"""

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(path: Path, *, tighten: bool = True) -> None:
    """Create PATH (and its parents) for this account only; tighten it if open."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if tighten:
        _tighten(path, PRIVATE_DIR)


def make_private_file(path: Path) -> None:
    """Create PATH empty, for this account only, unless it exists; tighten it if open.

    SQLite gives its -wal and -shm files the database file's permissions, so a
    database created here keeps them private too.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        _tighten(path, PRIVATE_FILE)
    except OSError:
        pass  # a read-only place, say: SQLite says why when it opens the file


def open_to_others(path: Path) -> bool:
    """Whether accounts other than the owner may read or enter PATH."""
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


def _tighten(path: Path, mode: int) -> None:
    try:
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.geteuid():
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # not ours, or gone: the system check says so
