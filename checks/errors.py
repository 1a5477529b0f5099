"""Domain errors: each one is bad input or a refused action, shown to the user as one line."""


class ClaimdeskError(Exception):
    "Base class: a problem the user can fix; the CLI prints it and exits 2"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        # Which input the message is about ("since", "label", ...): the command line adds its
        # flag name (--since), the app shows the message as it is.
        self.field = field


class UnreadableDocument(ClaimdeskError):
    "The input could not be read or decoded as a document"


class EmptyDocument(ClaimdeskError):
    "The input holds no text"


class DocumentTooLarge(ClaimdeskError):
    "The input is larger than the size limit"


class MalformedArchive(ClaimdeskError):
    "An archive file to import has a structural problem"


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
