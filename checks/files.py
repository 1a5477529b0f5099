"""The user's files, read and written safely: regular files only, reads bounded by a size
limit, writes atomic (a temporary file beside the target, fsync, rename), and outputs that
would overwrite a protected file (the database and its -wal/-shm) refused."""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from checks import config
from checks.errors import DocumentTooLarge, InvalidValue, UnreadableDocument, quoted

# SQLite keeps a database's recent writes and its shared-memory index beside the main file.
DATABASE_COMPANIONS: tuple[str, ...] = ("", "-wal", "-shm", "-journal")

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str | None:
    """Return what a file that is not a regular file is ("a pipe (FIFO)"), None for a file."""
    return next((what for test, what in _KINDS if test(mode)), None)


def read_limited(
    source: str | Path, limit: int, *, what: str = "file", name: str | None = None
) -> bytes:
    """Return the bytes of a regular file no larger than `limit`.

    The file is opened without blocking (a FIFO cannot hang the reader) and checked with
    fstat on the open handle, then read no further than `limit` + 1 bytes, so a file that
    grows or lies about its size is still bounded. Raises UnreadableDocument (missing, not a
    regular file, unreadable) and DocumentTooLarge; messages start with `name` (default: the
    path).
    """
    name = quoted(source if name is None else name)
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UnreadableDocument(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UnreadableDocument(f"{name}: is a directory, not a {what}") from None
    except OSError as err:
        raise UnreadableDocument(f"{name}: cannot be read ({err.strerror or err})") from None
    info = os.fstat(fd)
    kind = kind_of(info.st_mode)
    if kind is not None or info.st_size > limit:
        os.close(fd)
        if kind is not None:
            raise UnreadableDocument(f"{name}: is {kind}, not a regular {what}")
        over = f"{size_text(info.st_size, limit)} is over the {size_text(limit, limit)} limit"
        raise DocumentTooLarge(f"{name}: {over}")
    with os.fdopen(fd, "rb") as handle:
        return _read_bounded(handle, limit, name)


def require_regular(source: str | Path, *, what: str = "file") -> None:
    """Raise UnreadableDocument unless `source` is a regular file (checked before any work
    starts; `read_limited` checks again on the handle it reads)."""
    name = quoted(source)
    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise UnreadableDocument(f"{name}: no such file") from None
    except OSError as err:
        raise UnreadableDocument(f"{name}: cannot be read ({err.strerror or err})") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise UnreadableDocument(f"{name}: is {kind}, not a regular {what}")


def read_stdin_limited(limit: int, stream: BinaryIO | None = None) -> bytes:
    """Return standard input, read no further than `limit` bytes; raises DocumentTooLarge."""
    return _read_bounded(stream or sys.stdin.buffer, limit, "<stdin>")


def _read_bounded(handle: BinaryIO, limit: int, name: str) -> bytes:
    try:
        data = handle.read(limit + 1)
    except OSError as err:
        raise UnreadableDocument(f"{name}: cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise DocumentTooLarge(f"{name}: over the {size_text(limit, limit)} limit")
    return data


def size_text(size: int, limit: int) -> str:
    """Return a size in the megabytes of `limit` (decimal when the limit is a round decimal
    number of megabytes, else binary), one decimal place: "100.0 MB"."""
    unit = 10**6 if limit % 10**6 == 0 else 2**20
    return f"{size / unit:.1f} MB"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def refuse_protected(out: str | Path, protected: Iterable[str | Path], flag: str = "--out") -> None:
    """Raise InvalidValue when writing `out` would overwrite one of the `protected` files:
    same resolved path (through links and `..`), or same inode (a hard link)."""
    target = Path(out)
    resolved = target.resolve()
    identity = _identity(target)
    for guarded in protected:
        guarded = Path(guarded)
        same_inode = identity is not None and identity == _identity(guarded)
        if resolved == guarded.resolve() or same_inode:
            raise InvalidValue(
                f"{flag} {quoted(out)}: is the database file {quoted(guarded)}; "
                "choose another output file"
            )


def database_files(database_path: str | Path) -> list[Path]:
    """Return a database file and its companions (-wal, -shm, -journal), present or not."""
    return [Path(f"{database_path}{suffix}") for suffix in DATABASE_COMPANIONS]


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary handle whose content replaces `path` only once the block ends well.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then
    renamed over `path` (atomic on POSIX), and the folder is fsynced so the rename lasts.
    A crash or an error leaves the old file untouched and at most a stray temporary file
    named `.NAME.*.tmp`; an error removes it.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    # 0o666 less the umask, as a plain open() would give the file (mkstemp makes it 0o600).
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            config.fault("output")  # test-only: killed with the new data written, not renamed
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(folder)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (see `atomic_output`)."""
    with atomic_output(path) as handle:
        handle.write(data)


def fsync_folder(folder: str | Path) -> None:
    """Flush a folder's entries (a rename in it) to disk, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is still atomic
    finally:
        os.close(fd)
