"""The value a reader yields, instead of a Document, for an input it cannot read."""

from __future__ import annotations

from dataclasses import dataclass

from dealgraph.errors import InputError, shown


@dataclass(frozen=True)
class Failure:
    """A document or file that could not be read.

    ``input`` is the path, ``"path:line"`` for one JSON Lines line (``"path:n"``
    for the n-th feed item), or ``"<stdin>"``; ``message`` is one line, such as
    ``"not valid UTF-8 (byte 0xe9 at offset 12); try --encoding latin-1"``.
    """

    input: str
    message: str

    def __str__(self) -> str:
        return f"{shown(self.input)}: {self.message}"

    @classmethod
    def of(cls, error: InputError, default_input: str) -> Failure:
        """The failure an :class:`InputError` describes (its hint kept in the message)."""
        message = f"{error.message} ({error.hint})" if error.hint else error.message
        return cls(error.input or default_input, message)
