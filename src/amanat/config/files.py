"""Files Amanat writes are readable by their owner only (mode 0600), whoever chose the path.

The data folder is 0700, but a backup or an export goes wherever the operator points it, and a
file inherits the process umask (usually 0644). Every write of a file Amanat produces goes
through these helpers, which create the file 0600 from its first byte and re-apply 0600 to a file
that already existed. No Django import: settings and the key file use them before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def open_private(path: str | os.PathLike, mode: str = "w", **kwargs: Any) -> IO:
    """`open()` for writing ("w", "wb", "a", "ab"), the file 0600 whatever the umask."""
    if mode.rstrip("bt") not in ("w", "a"):
        raise ValueError(f"open_private writes only: mode {mode!r}")
    append = mode.startswith("a")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        # os.open's mode only applies to a new file; an existing one keeps its old mode.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE_MODE)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def write_private(path: str | os.PathLike, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write the whole file, replacing it atomically (a reader never sees half a file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(data, str):
        with open_private(tmp, "w", encoding=encoding, newline="") as handle:
            handle.write(data)
    else:
        with open_private(tmp, "wb") as handle:
            handle.write(data)
    os.replace(tmp, path)


def ensure_private_file(path: str | os.PathLike) -> None:
    """Create an empty 0600 file if missing, or make an existing one 0600 (e.g. the SQLite
    database before SQLite creates it: its -wal and -shm files copy the database's mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)


def restrict_process_umask() -> None:
    """Defence in depth for the `amanat` command and the WSGI server: any file or folder a
    path not covered above creates is still owner-only."""
    os.umask(PRIVATE_UMASK)
