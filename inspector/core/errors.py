"""Errors a user can cause, each carrying a message a person can act on."""


class InspectorError(Exception):
    """Base for failures the GUI and CLI show to the user as plain words."""

    exit_code = 1


class StorageError(InspectorError):
    """The data directory or a file in it cannot be used."""


class DatabaseError(InspectorError):
    """The database cannot be opened, upgraded or written."""


class CorruptDatabaseError(DatabaseError):
    """The database file is damaged (garbage, truncated): nothing can be read from it safely."""

    exit_code = 4

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup: object = None  # filled in where the backups are known


class SourceError(InspectorError):
    """A camera, network stream or video file cannot deliver frames."""


class EncoderError(InspectorError):
    """The video encoder failed to start or to write."""


class ValidationError(InspectorError):
    """Input from the user (an order number, an option) is not acceptable."""

    exit_code = 2


class NotFoundError(InspectorError):
    """An inspection, order or file the user named does not exist."""
