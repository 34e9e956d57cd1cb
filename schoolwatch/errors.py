"""Errors meant to be read by people who are not engineers.

Every error the CLI may show derives from :class:`SchoolwatchError`; its
message says what is wrong and what to do about it, and the CLI prints it
without a traceback.
"""


class SchoolwatchError(Exception):
    """A problem the user can act on; the message says how."""


class ConfigError(SchoolwatchError):
    """The configuration file is missing, unreadable or invalid."""


class SourceError(SchoolwatchError):
    """A source (Reddit, a feed) failed in a way the run records and survives."""


class SourceConfigError(SourceError):
    """A source rejected our credentials or settings: retrying will not help."""
