"""The extraction engine's orchestration: warm-up, headlines, undated articles."""

from __future__ import annotations

import datetime as dt

from dealgraph.config import Settings
from dealgraph.extract.pipeline import Extractor
from dealgraph.records import Document


def test_warm_up_builds_each_languages_matchers_before_the_first_article() -> None:
    extractor = Extractor(Settings(ner=False))
    extractor.warm_up()
    assert set(extractor._finders) == {"fr", "en"}


def test_all_capitals_headline_is_left_out_of_the_analysed_text() -> None:
    doc = Document(id="w", title="TEXACO <TX> TO BUY GETTY", date=dt.date(1987, 3, 2), lang="en",
                   text="Texaco Inc said it agreed to buy Getty Oil Co for 10 billion dlrs.")
    record = Extractor(Settings(ner=False)).extract(doc)
    assert record.text == doc.text
    assert [(c.investor, c.target) for c in record.claims] == [("Texaco", "Getty Oil")]


def test_mixed_case_headline_is_read_and_its_repeat_folded_into_the_lead() -> None:
    doc = Document(id="h", title="Texaco to buy Getty Oil for $10 billion", lang="en",
                   date=dt.date(1987, 3, 2),
                   text="Texaco Inc said on Monday it agreed to buy Getty Oil Co for $10 billion.")
    record = Extractor(Settings(ner=False)).extract(doc)
    assert record.text.startswith(doc.title + "\n\n")
    [claim] = record.claims
    assert claim.evidence.start > len(doc.title)  # the lead's claim, with its date
    assert claim.date is not None and claim.date.iso() == "1987-03-02"


def test_undated_article_reads_relative_dates_against_the_latest_month_it_names() -> None:
    doc = Document(id="u", lang="fr", text=(
        "Fin janvier 2026, le projet a changé. En septembre dernier, Nvidia a annoncé "
        "son intention d'investir jusqu'à 100 milliards de dollars dans OpenAI."))
    record = Extractor(Settings(ner=False)).extract(doc)
    [claim] = record.claims
    assert claim.date is not None and claim.date.iso() == "2025-09"
    assert record.document.date is None and record.warnings


ARTICLES = [
    Document(id="a", lang="en", date=dt.date(1987, 3, 2),
             text="Zorbex Ltd said it agreed to buy Quarkly Co for 40 mln dlrs. Quarkly confirmed."),
    Document(id="b", lang="fr", date=dt.date(2026, 1, 30),
             text="Le groupe Vastrine a annoncé jeudi le rachat de Pelmora pour 2 milliards d'euros."),
    Document(id="c", lang="de", text="Das ist ein deutscher Satz über nichts."),
    Document(id="d", lang="en", date=dt.date(2025, 9, 22),
             text="Nvidia said on Monday it would invest up to $100 billion in OpenAI."),
]


def test_a_batch_gives_each_article_the_record_it_gets_alone() -> None:
    # with the statistical NER, whose sentences of all articles go through the model at once
    extractor = Extractor()
    alone = [extractor.extract(doc).to_dict() for doc in ARTICLES]
    together = [r.to_dict() for r in extractor.extract_many(ARTICLES, batch_size=3)]
    assert together == alone
    assert [r["id"] for r in together] == ["a", "b", "c", "d"]
    assert alone[3]["deals"] and alone[2]["deals"] == []


class _FailsOn(Extractor):
    def __init__(self, bad: str) -> None:
        super().__init__(Settings(ner=False))
        self.bad = bad

    def _draft(self, doc: Document):  # type: ignore[no-untyped-def]
        if doc.id == self.bad:
            raise ValueError(f"cannot read {doc.id}")
        return super()._draft(doc)


def test_one_failing_article_leaves_the_rest_of_its_batch_whole() -> None:
    results = _FailsOn("b").extract_batch(ARTICLES)
    assert isinstance(results[1], ValueError) and "cannot read b" in str(results[1])
    assert [r.document.id for r in results if not isinstance(r, Exception)] == ["a", "c", "d"]
    assert len(results) == len(ARTICLES)


def test_a_model_failure_on_one_article_leaves_the_rest_of_its_batch_whole() -> None:
    from dealgraph.nlp.entities import EntityFinder

    def ner(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        if any("Zorbex" in t for t in texts):
            raise RuntimeError("the model cannot read this")
        return [[] for _ in texts]

    extractor = Extractor(Settings(ner=False))
    extractor._finders["en"] = EntityFinder(extractor.kb, "en", ner)
    docs = [Document(id=k, lang="en", date=dt.date(1987, 3, 2), text=t) for k, t in (
        ("bad", "Zorbex agreed to buy Quarkly for 40 mln dlrs, it said."),
        ("good", "Nvidia agreed to buy Vastrine for 40 mln dlrs, Pelmora said."))]
    bad, good = extractor.extract_batch(docs)
    assert isinstance(bad, RuntimeError)
    assert not isinstance(good, Exception) and good.document.id == "good"
