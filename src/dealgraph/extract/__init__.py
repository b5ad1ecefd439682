"""extract stage: deal claims from one article's sentences, entities, amounts and dates.

``dealgraph.extract`` is both this package and the library's entry point
``dealgraph.extract(text, date=None, lang=None)``: once the package is imported it
takes the function's place as an attribute of ``dealgraph``, so the package itself
is made callable and answers exactly as the function does.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dealgraph.records import Record


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, date: Any = None, lang: str | None = None) -> Record:
        from dealgraph import extract_text

        return extract_text(text, date=date, lang=lang)


sys.modules[__name__].__class__ = _CallablePackage
