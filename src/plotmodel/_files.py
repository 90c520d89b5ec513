"""Reading files from strangers: regular files only, never more than a limit, never waiting.

Plot files and the ``pyproject.toml`` beside them come from pull requests. A
named pipe would make a read wait for ever, a device such as ``/dev/zero``
never ends, and opening some devices acts on them; so a path is asked what it
is before it is opened, what was opened is asked again, and at most the limit
plus one byte is read.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # as in plotmodel._text: the command line imports this early
if TYPE_CHECKING:
    from typing import Final

__all__ = ["DEFAULT_MAX_BYTES", "Refused", "read_regular"]

#: The largest file a plot is read from unless told otherwise: 128 MiB.
DEFAULT_MAX_BYTES: Final = 128 * 1024 * 1024

# Special files a path may name instead of a regular file, and how to say what each is.
_SPECIAL_FILES: Final = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


class Refused(Exception):  # noqa: N818 - a refusal is an answer, not a fault
    """A file that was not read, with the loading code that says why.

    Attributes:
        code: ``PM001`` (cannot be read) or ``PM002`` (over the byte limit).
        message: What is wrong, in words.
    """

    def __init__(self, code: str, message: str) -> None:
        """Refuse a file with ``code`` and ``message``."""
        super().__init__(message)
        self.code = code
        self.message = message


def not_regular(mode: int) -> str | None:
    """What a file of this mode is, in words, unless it is a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _SPECIAL_FILES if test(mode)), "is not a regular file")


def _open_without_waiting(path: str, flags: int) -> int:
    # A pipe swapped in after the check must not block the open; regular files ignore the flag.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_regular(file: str, max_bytes: int) -> bytes:
    """The bytes of the regular file ``file``, if it holds at most ``max_bytes``.

    Raises:
        Refused: If the file is missing, unreadable, not a regular file or too large.
    """
    try:
        # Asked before opening: opening a pipe waits for a writer, a device may act on it.
        kind = not_regular(os.stat(file).st_mode)
        if kind is None:
            with open(file, "rb", opener=_open_without_waiting) as stream:
                status = os.fstat(stream.fileno())
                # The same question of what was opened, in case the path changed meanwhile.
                kind = not_regular(status.st_mode)
                if kind is None:
                    if status.st_size > max_bytes:
                        message = (
                            f"the file is {status.st_size} bytes, "
                            f"over the limit of {max_bytes} bytes"
                        )
                        raise Refused("PM002", message)
                    data = stream.read(max_bytes + 1)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise Refused("PM001", f"cannot read the file: {reason}") from None
    if kind is not None:
        raise Refused("PM001", f"cannot read the file: {kind}")
    if len(data) > max_bytes:
        raise Refused("PM002", f"the file is over the limit of {max_bytes} bytes")
    return data
