"""The toolkit's exception hierarchy: every error a user can cause derives from one base."""

from __future__ import annotations


class UpworkAnalyticsError(Exception):
    """Raised when the toolkit cannot do what was asked because of its input or parameters.

    The message is one line that names the bad value and what was expected. The CLI prints it
    and exits with status 2; anything else escaping the CLI is a bug.
    """


class InputFileError(UpworkAnalyticsError, ValueError):
    """Raised when an input file cannot be read: missing, empty, binary or an unknown format."""


class SchemaError(UpworkAnalyticsError, ValueError):
    """Raised when data lacks a required column or cannot be turned into the canonical schema."""


class ParameterError(UpworkAnalyticsError, ValueError):
    """Raised when a function or CLI parameter has a value outside the allowed set."""


class InsufficientDataError(UpworkAnalyticsError):
    """Raised when there are too few rows or outcomes for the requested analysis."""


class ReportError(UpworkAnalyticsError):
    """Raised when a report notebook fails to execute or render."""


class OutputExistsError(UpworkAnalyticsError, FileExistsError):
    """Raised when an output file exists and overwriting it was not asked for."""
