"""Language detection: real corpora in bulk, hand-written snippets, refusals."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.nlp.lang import detect_language
from tests.conftest import need_shared

# An article of wire tables ("Shr 25 cts vs 20 cts") has no language to find;
# the bulk tests measure prose, which this many long words marks.
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _prose(corpus: str, count: int) -> Iterator[str]:
    path: Path = need_shared("corpora", corpus, "articles.jsonl.gz")
    seen = 0
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            if len(_LONG_WORD.findall(text[:2000])) < 40:
                continue
            yield text
            seen += 1
            if seen == count:
                return


@pytest.mark.parametrize(("corpus", "lang"), [
    ("wmt_newstest_fr", "fr"),
    ("reuters21578", "en"),
])
def test_detect_language_is_right_on_99_percent_of_real_articles(corpus: str, lang: str) -> None:
    texts = list(_prose(corpus, 300))
    assert len(texts) == 300
    right = sum(detect_language(t) == lang for t in texts)
    assert right >= 297, f"{right}/300 detected as {lang}"


@pytest.mark.parametrize(("text", "lang"), [
    ("Le projet de Nvidia d'investir jusqu'à 100 milliards de dollars dans OpenAI est au "
     "point mort, selon le Wall Street Journal, qui cite des sources proches du dossier.", "fr"),
    ("Nvidia's plan to invest up to $100 billion in OpenAI has stalled after some inside "
     "the chipmaker expressed doubts about the deal, the Wall Street Journal reported.", "en"),
    ("Der Chipkonzern will nach Angaben der Zeitung bis zu zehn Milliarden Euro in das "
     "Start-up investieren, die Verhandlungen seien aber ins Stocken geraten.", "de"),
    ("La empresa tecnológica anunció el viernes que invertirá hasta mil millones de dólares "
     "en la startup, según informó el diario económico citando fuentes cercanas.", "es"),
    ("Il gruppo ha annunciato venerdì un investimento fino a due miliardi di euro nella "
     "società, secondo quanto riferito dal quotidiano finanziario milanese.", "it"),
    ("Het bedrijf maakte vrijdag bekend dat het tot twee miljard euro in de jonge "
     "onderneming wil investeren, meldde de financiële krant op basis van bronnen.", "nl"),
    ("A empresa anunciou na sexta-feira que vai investir até dois mil milhões de euros na "
     "startup, segundo o jornal económico, que cita fontes próximas do processo.", "pt"),
    ("Компания объявила в пятницу, что инвестирует до двух миллиардов долларов в "
     "стартап, сообщила деловая газета со ссылкой на источники.", "ru"),
    ("这家芯片公司周五宣布，将向这家人工智能初创企业投资最多二十亿美元。", "zh"),
    ("半導体大手は金曜日、人工知能の新興企業に最大二十億ドルを投資すると発表した。", "ja"),
])
def test_detect_language_names_the_language_of_a_news_sentence(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", [
    "",
    "   \n\t ",
    "Nvidia OpenAI",
    "Nvidia invests in OpenAI",  # four words: any answer would be a guess
    "Hello bonjour",
    "投资十亿",  # four ideographs
    "Shr 25 cts vs 20 cts\nNet 801,000 vs 703,000\nRevs 6,318,000 vs 5,334,000",
    "https://bit.ly/rtrsauto 2026-01-31 100 000 000 $",
    # Mixed: a French half and an English half of the same length.
    "Le projet de Nvidia d'investir jusqu'à cent milliards de dollars dans OpenAI est au "
    "point mort depuis plusieurs semaines, selon le journal américain qui cite des sources. "
    "Nvidia's plan to invest up to one hundred billion dollars in OpenAI has stalled for "
    "several weeks now, according to the American newspaper citing people close to it.",
])
def test_detect_language_refuses_short_numeric_or_mixed_text(text: str) -> None:
    assert detect_language(text) is None


def test_detect_language_reads_only_the_start_of_a_long_text() -> None:
    french = ("Le groupe a annoncé vendredi un investissement de deux milliards d'euros "
              "dans la jeune entreprise, selon le quotidien économique. ") * 30
    english = "The company said on Friday it would invest two billion euros in the startup. "
    assert len(french) > 2000
    assert detect_language(french + english * 200) == "fr"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_detect_language_never_raises_and_returns_a_code_or_none(text: str) -> None:
    result = detect_language(text)
    assert result is None or re.fullmatch(r"[a-z]{2}", result)


def test_function_words_belong_to_one_language_each() -> None:
    from dealgraph.knowledge import DATA, read_yaml

    data = read_yaml(DATA / "lang" / "function_words.yaml", "function_words")
    seen: dict[str, str] = {}
    for lang, words in data["languages"].items():
        for word in words:
            assert word not in seen, f"{word!r} is listed for {seen[word]} and {lang}"
            seen[word] = lang


def test_function_word_vote_settles_plain_prose_and_defers_on_mixed_text() -> None:
    from dealgraph.nlp.lang import _vote

    fr = ("Le groupe a annoncé dans un communiqué qu'il allait investir plus de deux "
          "milliards dans une usine, selon les documents publiés par la société avec "
          "ses partenaires, et les syndicats ont salué cette décision pour leur région.").split()
    en = ("The company said on Monday that it would invest more than two billion in a "
          "plant, according to documents filed by the group with its partners, and "
          "the unions have welcomed the decision for the region that was hit.").split()
    assert _vote(fr) == "fr"
    assert _vote(en) == "en"
    assert _vote(fr[:12] + en[:12]) is None
