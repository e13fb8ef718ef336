"""Errors a user can cause, each with the HTTP status the web interface answers with."""


class KbError(Exception):
    """Something the user can fix; the message says what and how. A `hint` names a command
    that helps, which only the command line shows."""

    status = 400

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


class NotFound(KbError):
    """An episode, company or path that does not exist."""

    status = 404


class BadQuery(KbError):
    """A search query that cannot be parsed or has nothing to search for."""

    status = 400


class BadParameter(KbError):
    """An option with a value kb cannot use (a date, a limit)."""

    status = 400


class EmptyIndex(KbError):
    """Nothing has been indexed yet."""

    status = 404


class Busy(KbError):
    """Another process is writing the knowledge base."""

    status = 409
