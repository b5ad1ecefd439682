"""Questions about deals, answered from the ledger with citations.

``parse`` reads a question (pure, patterns from the lexicons); ``answer`` reads the
ledger through the store's query functions; ``render`` writes the answer in the
question's language.
"""

from dealgraph.ask.answer import answer, ask
from dealgraph.ask.model import Answer
from dealgraph.ask.parse import Question, parse
from dealgraph.ask.render import render

__all__ = ["Answer", "Question", "answer", "ask", "parse", "render"]
