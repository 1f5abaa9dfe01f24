"""The spill file: where the log's writes go while the database cannot take them.

One JSON object a line (``{"op": "question", "params": [...]}``), appended and fsync'd before
the write counts as kept, so a crash right after loses nothing. A line cut short (the disk
filled up in the middle of it) is rolled back at once, and skipped if a crash left one behind.
The file is readable by its owner only: it holds members' questions until they are replayed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger("bot.store")


@dataclass(frozen=True)
class Record:
    """One write: the name of its statement and its parameters."""

    op: str
    params: tuple[object, ...]


class SpillFile:
    """An append-only JSON Lines file of :class:`Record`.

    Args:
        path: the file; created (mode 0600) on the first append.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        """Whether there is anything in the file."""
        try:
            return self.path.stat().st_size > 0
        except OSError:
            return False

    def append(self, records: Iterable[Record]) -> None:
        """Append ``records`` and fsync; all of them are kept, or none (the file is restored).

        Raises:
            OSError: they could not be written (disk full, read-only, ...).
        """
        data = b"".join(
            json.dumps({"op": r.op, "params": list(r.params)}, ensure_ascii=False).encode() + b"\n"
            for r in records
        )
        created = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            size = os.fstat(fd).st_size
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):  # shrinking needs no space
                    os.ftruncate(fd, size)
                    os.fsync(fd)
                raise
        finally:
            os.close(fd)
        if created:
            _fsync_directory(self.path.parent)

    def read(self) -> list[Record]:
        """Every record kept, in order (a torn last line, from a crash, is skipped)."""
        try:
            lines = self.path.read_bytes().split(b"\n")
        except FileNotFoundError:
            return []
        records = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                records.append(Record(str(item["op"]), tuple(item["params"])))
            except (ValueError, KeyError, TypeError):
                logger.error("%s: line %d is not a record; skipped", self.path, number)
        return records

    def clear(self) -> None:
        """Remove the file (its records are in the database now)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        _fsync_directory(self.path.parent)


def _fsync_directory(directory: Path) -> None:
    # The file's creation or removal is itself durable only once its directory is synced.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
