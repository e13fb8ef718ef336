"""Errors a user can cause, each with the HTTP status the web interface answers with."""


class KbError(Exception):
    """Something the user can fix; the message says what and how."""

    status = 400


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
