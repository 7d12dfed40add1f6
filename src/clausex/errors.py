"""Errors clausex raises, each with a code and the offending value in its message.

``parse`` itself never raises on any string: only the boundaries (reading files, wrong
argument types, unknown options) do.
"""

from __future__ import annotations


class ClausexError(Exception):
    """Base class of every error clausex raises."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class ReadError(ClausexError):
    """A file could not be turned into text: unreadable, empty, encrypted or unsupported.

    ``path`` names the file and ``reason`` says why, in plain words.
    """

    code = "E001"

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot read {self.path!r}: {reason}")


class InputTypeError(ClausexError, TypeError):
    """``parse`` was given something that is not a ``str``."""

    code = "E002"

    def __init__(self, value: object) -> None:
        super().__init__(
            f"parse() takes the document text as str, got {type(value).__name__}; "
            "use clausex.parse_file(path) for files or decode bytes first"
        )


class ModelError(ClausexError):
    """A statistical model was asked for but cannot be loaded."""

    code = "E003"

    def __init__(self, model: str, reason: str) -> None:
        super().__init__(f"cannot load spaCy model {model!r}: {reason}")


class OptionError(ClausexError, TypeError):
    """``parse`` was given a keyword that is not a ``ParseOptions`` field."""

    code = "E004"

    def __init__(self, unknown: list[str], known: list[str]) -> None:
        super().__init__(f"unknown parse option(s) {unknown}; ParseOptions has {known}")
