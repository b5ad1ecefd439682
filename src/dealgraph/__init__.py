"""dealgraph: who is putting how much money into whom, according to whom, and since when.

The library API mirrors the command line::

    >>> import dealgraph
    >>> record = dealgraph.extract("Nvidia a investi 5 milliards de dollars dans Intel.", lang="fr")
    >>> record.to_dict()["deals"][0]["investor"]
    'Nvidia'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealgraph.records import Record

__version__ = "0.1.0"
__all__ = ["extract", "extract_text", "__version__"]


def extract_text(text: str, date: dt.date | str | None = None, lang: str | None = None) -> Record:
    """Extract the deal record of one article's text.

    ``date`` is the publication date (a ``date`` or ``YYYY-MM-DD``), against which
    relative dates ("vendredi", "last week") are resolved; ``lang`` skips detection.
    """
    from dealgraph.extract.pipeline import default_extractor
    from dealgraph.records import Document

    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    doc = Document(id="text", text=text, date=date, date_source="argument" if date else None,
                   lang=lang)
    return default_extractor().extract(doc)


extract = extract_text  # replaced by the callable ``dealgraph.extract`` package once imported
