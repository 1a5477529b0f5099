"""Domain errors: each one is bad input or a refused action, shown to the user as one line."""

import re

# Line breaks (and other control characters) in a value would split a message over lines.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def quoted(value: object) -> str:
    """Return a value for a message: as it is, or quoted like Python's repr() when it holds a
    line break or another control character, so the message stays one line."""
    text = str(value)
    return repr(text) if _BREAKS.search(text) else text


def one_line(message: str) -> str:
    """Return `message` with every line break or control character escaped (\\n, \\x00)."""
    return _BREAKS.sub(lambda m: repr(m.group())[1:-1], message)


class ClaimdeskError(Exception):
    "Base class: a problem the user can fix; the CLI prints it and exits 2"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        # Which input the message is about ("since", "label", ...): the command line adds its
        # flag name (--since), the app shows the message as it is.
        self.field = field

    def __str__(self) -> str:
        # Every message is one line wherever it is shown, whatever values went into it.
        return one_line(super().__str__())


class UnreadableDocument(ClaimdeskError):
    "The input could not be read or decoded as a document"


class EmptyDocument(ClaimdeskError):
    "The input holds no text"


class DocumentTooLarge(ClaimdeskError):
    "The input is larger than the size limit"


class MalformedArchive(ClaimdeskError):
    "An archive file to import has a structural problem"


class ArchiveClash(ClaimdeskError):
    "The archive already holds one of the file's ids with a different claim"


class UnknownClaim(ClaimdeskError):
    "No claim has this id"


class UnknownLabel(ClaimdeskError):
    "The verdict label is not one of DESIGN.md §5"


class InvalidValue(ClaimdeskError):
    "A value given by the user is out of range or malformed"


class StaleClaim(ClaimdeskError):
    "The claim received a newer verdict since it was opened"

    def __init__(self, message: str, current: dict | None = None):
        super().__init__(message)
        self.current = current
