"""The exceptions dealgraph raises, each naming the input it is about.

The library raises these; ``cli.py`` turns each into one ``Error: ...`` line on
stderr and ``api/`` into one JSON envelope. Nothing else catches them.
"""

from __future__ import annotations


class DealgraphError(Exception):
    """Base class. ``input`` names the file, URL, line or setting at fault."""

    code = "error"

    def __init__(self, message: str, input: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.input = input
        self.hint = hint

    def __str__(self) -> str:
        text = f"{shown(self.input)}: {self.message}" if self.input else self.message
        return f"{text} ({self.hint})" if self.hint else text


def shown(name: str) -> str:
    r"""``name`` as an error line shows it: as it is when every character prints, else
    quoted with its control characters escaped (as Python's repr does).

    A file may be named with a newline or a terminal escape sequence; printed raw,
    its error would take two lines (breaking "one Error: line per input") or
    rewrite the terminal.

    >>> shown("inputs/a b.txt")
    'inputs/a b.txt'
    >>> print(shown("two\nlines.txt"))
    'two\nlines.txt'
    """
    return name if name.isprintable() else repr(name)


class InputError(DealgraphError):
    """An article or file that cannot be read: encoding, format, size, content."""

    code = "bad_input"


class UnsupportedLanguage(InputError):
    code = "unsupported_language"


class KnowledgeError(DealgraphError):
    """A knowledge-base or lexicon file that is missing, malformed or inconsistent."""

    code = "bad_knowledge"


class ConfigError(DealgraphError):
    code = "bad_config"


class StoreError(DealgraphError):
    """The database cannot be opened, migrated or written."""

    code = "store"


class DatabaseDown(StoreError):
    """The database itself failed: full, unreachable past every retry, or failing.

    Unlike one article that cannot be stored, this stops an ingest: no later
    article could be stored (nor its failure recorded) either.
    """


class NotFound(DealgraphError):
    """Nothing by that id or name. ``suggestions`` are the stored names closest to a
    name nobody stored, for readers that offer them (the message lists them too)."""

    code = "not_found"

    def __init__(self, message: str, input: str | None = None, hint: str | None = None,
                 suggestions: list[str] | None = None):
        super().__init__(message, input, hint)
        self.suggestions = list(suggestions or [])
