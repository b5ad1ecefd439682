"""The entity resolver on French and English phrasings, accepted and rejected side by side."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.nlp.entities import EntityFinder
from dealgraph.nlp.kb import default_kb
from dealgraph.nlp.sentences import split_sentences
from dealgraph.records import EntityKind, Mention


def find(text: str, lang: str, ner=None, everywhere: bool = False) -> list[Mention]:
    sentences = split_sentences(text)
    chosen = range(len(sentences)) if everywhere else ()
    return EntityFinder(default_kb(), lang, ner).find(text, sentences, chosen)


def resolved(text: str, lang: str, **kw) -> list[tuple[str, str]]:
    return [(m.text, m.entity.id) for m in find(text, lang, **kw)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Le projet de Nvidia NVDA.O a été suspendu.", [("Nvidia", "nvidia"), ("NVDA.O", "nvidia")]),
        ("en", "Amazon AMZN.O is in talks with OpenAI.",
         [("Amazon", "amazon"), ("AMZN.O", "amazon"), ("OpenAI", "openai")]),
        ("en", "Investors such as SoftBank Group Corp 9984.T rushed in.",
         [("SoftBank Group Corp", "softbank"), ("9984.T", "softbank")]),
        ("fr", "Google DeepMind et Google rivalisent.", [("Google DeepMind", "google-deepmind"), ("Google", "google")]),
        ("en", "Nvidia's chief spoke to Intel Corporation.", [("Nvidia", "nvidia"), ("Intel Corporation", "intel")]),
        ("en", "THE WALL STREET JOURNAL reported it.", [("THE WALL STREET JOURNAL", "wsj")]),
        ("fr", "Le partenariat Nvidia-OpenAI vacille, d'après Reuters.",
         [("Nvidia", "nvidia"), ("OpenAI", "openai"), ("Reuters", "reuters")]),
    ],
)
def test_gazetteer_names_aliases_tickers_longest_first(lang, text, expected):
    assert resolved(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "He bought an apple and checked his arm."),
        ("en", "The meta question is whether intel gathering helps."),
        ("fr", "Il a mangé une pomme sur son bras."),
        ("en", "Users love ChatGPT, Azure and Blackwell chips."),
        ("fr", "Les GPU Blackwell et les puces Trainium dominent."),
    ],
)
def test_common_words_and_products_are_not_organisations(lang, text):
    assert [m for m in find(text, lang) if m.entity.kind is EntityKind.ORG] == []


@pytest.mark.parametrize(
    ("lang", "text", "phrase", "entity_id"),
    [
        ("fr", "Depuis 2019, le géant de Redmond a investi.", "le géant de Redmond", "microsoft"),
        ("fr", "Les actions du géant de Redmond montent.", "du géant de Redmond", "microsoft"),
        ("fr", "Un accord aurait donné au fabricant de ChatGPT des liquidités.", "au fabricant de ChatGPT", "openai"),
        ("en", "The ChatGPT maker declined to comment.", "The ChatGPT maker", "openai"),
        ("en", "Shares of the Cupertino company fell.", "the Cupertino company", "apple"),
        ("en", "The iPhone maker said so.", "The iPhone maker", "apple"),
        ("fr", "Il a investi dans la société de Sam Altman.", "la société de Sam Altman", "openai"),
        ("en", "It backs Sam Altman's company.", "Sam Altman's company", "openai"),
        ("fr", "La start-up d'Elon Musk lève des fonds.", "La start-up d'Elon Musk", "xai"),
    ],
)
def test_specific_descriptions_with_their_determiners(lang, text, phrase, entity_id):
    assert (phrase, entity_id) in resolved(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "phrase", "entity_id"),
    [
        ("fr", "OpenAI et Nvidia négocient. Certains au sein du géant des puces doutent.", "du géant des puces",
         "nvidia"),
        ("fr", "Nvidia parle à OpenAI. Le fabricant de puces a annoncé un accord.", "Le fabricant de puces", "nvidia"),
        ("en", "Nvidia met Microsoft and OpenAI. The chipmaker said it would invest.", "The chipmaker", "nvidia"),
        ("fr", "Selon le Wall Street Journal, Nvidia hésite. Le quotidien économique cite des sources.",
         "Le quotidien économique", "wsj"),
        ("en", "Intel met investors. Later, the chipmaker Nvidia said no.", "the chipmaker", "nvidia"),
    ],
)
def test_generic_description_refers_to_last_org_of_its_category(lang, text, phrase, entity_id):
    assert (phrase, entity_id) in resolved(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Un fabricant de puces a annoncé un accord."),
        ("fr", "OpenAI a parlé. Le fabricant de puces a annoncé un accord."),
        ("en", "A chipmaker said it would invest."),
    ],
)
def test_generic_description_without_determiner_or_antecedent_is_dropped(lang, text):
    assert [m for m in find(text, lang) if m.via == "description"] == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Le Wall Street Journal l'a rapporté. Le Journal cite des sources.",
         [("Wall Street Journal", "wsj"), ("Journal", "wsj")]),
        ("en", "The WSJ said so. The Journal, citing people, added more.", [("WSJ", "wsj"), ("Journal", "wsj")]),
        ("fr", "Le Journal cite des sources.", []),
        ("en", "The Journal of Finance published it.", []),
    ],
)
def test_journal_means_wsj_only_after_wsj_was_named(lang, text, expected):
    assert resolved(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Jensen Huang a parlé. Huang a critiqué OpenAI.",
         [("Jensen Huang", "jensen-huang"), ("Huang", "jensen-huang"), ("OpenAI", "openai")]),
        ("fr", "Sam Altman lève des fonds. « Laissez Sam annoncer combien. »",
         [("Sam Altman", "sam-altman"), ("Sam", "sam-altman")]),
        ("en", "Huang said no. Sam will decide.", []),
        ("en", "Dario Amodei spoke. Amodei said Anthropic grows.",
         [("Dario Amodei", "dario-amodei"), ("Amodei", "dario-amodei"), ("Anthropic", "anthropic")]),
        # a headline or lead may use the surname before the full name
        ("en", "Amodei said Anthropic grows. Dario Amodei spoke.",
         [("Amodei", "dario-amodei"), ("Anthropic", "anthropic"), ("Dario Amodei", "dario-amodei")]),
        ("fr", "Buffett, le gourou, investit. Le gros investisseur américain Warren Buffett explique.",
         [("Buffett", "ner:warren-buffett"), ("Warren Buffett", "ner:warren-buffett")]),
        ("fr", "Sam décidera. Sam Altman lève des fonds.", [("Sam Altman", "sam-altman")]),
    ],
)
def test_surnames_anywhere_with_the_full_name_first_names_only_after_it(lang, text, expected):
    assert resolved(text, lang) == expected


def test_person_entity_carries_the_org_it_speaks_for():
    (huang,) = find("Jensen Huang said so.", "en")
    assert huang.entity.kind is EntityKind.PERSON and huang.entity.org == "nvidia"


@pytest.mark.parametrize(
    ("text", "name", "later"),
    [
        ("Nvidia said it agreed to buy <Sedio N.V.> for 20 mln dlrs. Sedio makes valves.", "Sedio N.V.", "Sedio"),
        ("Acme Widgets Inc said it would buy a stake. Acme Widgets declined to comment.", "Acme Widgets Inc",
         "Acme Widgets"),
        ("In March Zorbex Holdings Ltd raised its bid.", "Zorbex Holdings Ltd", None),
    ],
)
def test_unknown_organisations_by_pattern_and_their_short_form(text, name, later):
    unknown = [m for m in find(text, "en") if not m.entity.known]
    assert unknown[0].text == name and unknown[0].entity.id.startswith("ner:")
    assert unknown[0].via == "pattern"
    assert [m.text for m in unknown[1:]] == ([later] if later else [])
    assert len({m.entity.id for m in unknown}) == 1


def test_pattern_with_a_known_name_resolves_to_the_known_entity():
    (m,) = find("Nvidia Inc was named.", "en")
    assert m.entity.id == "nvidia"


def fake_ner(spans_by_text: dict[str, list[tuple[str, str]]]):
    """An NER callable answering from a table: each (words, label) found in the text."""

    def run(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out = []
        for text in texts:
            found = []
            for words, label in spans_by_text.get(text, []):
                at = text.index(words)
                found.append((at, at + len(words), label))
            out.append(found)
        return out

    return run


@pytest.mark.parametrize(
    ("words", "label", "expected"),
    [
        ("Zorbex", "ORG", ("Zorbex", False, EntityKind.ORG)),
        ("Cerebras", "PER", ("Cerebras", True, EntityKind.ORG)),
        ("Steven Soarez", "PER", ("Steven Soarez", False, EntityKind.PERSON)),
        ("Cependant", "ORG", None),
        ("Toutefois", "ORG", None),
        ("Taipei", "ORG", None),
        ("ChatGPT", "ORG", None),
        ("Septembre", "ORG", None),
        ("Soarez", "PER", None),
        ("VC", "ORG", None),
    ],
)
def test_ner_spans_are_filtered_and_resolved(words, label, expected):
    text = f"Hier, {words} et Kxy ont parlé."
    mentions = find(text, "fr", ner=fake_ner({text: [(words, label)]}), everywhere=True)
    got = [(m.text, m.entity.known, m.entity.kind) for m in mentions if m.via == "ner" or m.text == words]
    assert got == ([expected] if expected else [])


def test_ner_runs_only_on_chosen_sentences():
    text = "Zorbex parle. Quarkly répond."
    calls: list[list[str]] = []

    def ner(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        calls.append(texts)
        return [[(0, t.index(" "), "ORG")] for t in texts]

    sentences = split_sentences(text)
    mentions = EntityFinder(default_kb(), "fr", ner).find(text, sentences, [1])
    assert calls == [["Quarkly répond."]]
    assert [(m.text, m.entity.id) for m in mentions] == [("Quarkly", "ner:quarkly")]


@pytest.mark.parametrize(("lang", "text", "asked"), [
    # capitalised only as sentence openers, elided words and places: nothing to ask
    ("fr", "Cela reste. L'armée investit à Tokyo. Au Japon, Malgré tout.", []),
    ("en", "However, Japan's deal stalled. Analysts said so in Tokyo.", []),
    # an unknown capitalised word is worth the model's time
    ("fr", "Cela reste. Zorbex investit à Tokyo.", ["Zorbex investit à Tokyo."]),
    ("en", "Shares rose as Quarkly bid in Tokyo.", ["Shares rose as Quarkly bid in Tokyo."]),
])
def test_ner_is_asked_only_about_unexplained_capitalised_words(lang: str, text: str, asked: list[str]):
    calls: list[str] = []

    def ner(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        calls.extend(texts)
        return [[] for _ in texts]

    sentences = split_sentences(text)
    EntityFinder(default_kb(), lang, ner).find(text, sentences, range(len(sentences)))
    assert calls == asked


def test_draft_then_complete_equals_find():
    text = "Zorbex parle. Quarkly répond."

    def ner(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [[(0, t.index(" "), "ORG")] for t in texts]

    finder = EntityFinder(default_kb(), "fr", ner)
    sentences = split_sentences(text)
    draft = finder.draft(text, sentences, [0, 1])
    assert draft.questions() == ["Zorbex parle.", "Quarkly répond."]
    assert finder.complete(draft, ner(draft.questions())) == finder.find(text, sentences, [0, 1])


def test_unknown_person_surname_after_full_name():
    text = "Steven Soarez écrit. Soarez conclut."
    ner = fake_ner({"Steven Soarez écrit.": [("Steven Soarez", "PER")]})
    got = [(m.text, m.via) for m in find(text, "fr", ner=ner, everywhere=True)]
    assert got == [("Steven Soarez", "ner"), ("Soarez", "surname")]


def test_finder_is_fast_on_a_news_sized_article():
    text = ("Le projet de Nvidia NVDA.O d'investir dans OpenAI s'est enlisé, a rapporté le "
            "Wall Street Journal. Amazon AMZN.O et SoftBank Group Corp 9984.T discutent aussi. ") * 20
    finder = EntityFinder(default_kb(), "fr")
    sentences = split_sentences(text)
    finder.find(text, sentences)
    start = time.perf_counter()
    for _ in range(10):
        finder.find(text, sentences)
    # generous bound: the check is against an accidental quadratic, not a benchmark
    assert (time.perf_counter() - start) / 10 < 0.05


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("NvidaOpenAI Gogle'’-.<>,CorpInc le la the Huang \n")), max_size=200))
def test_mentions_never_overlap_and_index_the_text(text):
    mentions = find(text, "fr")
    for m in mentions:
        assert text[m.start : m.end] == m.text
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start


# -- wire conventions, canonical names, headlines ------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "ticker"),
    [
        ("Pittston Co <PCO> said it agreed to buy a stake.", "Pittston", "PCO"),
        ("Mark IV plans a tender offer for Conrac Corp <CAX.N>, a maker of instruments.", "Conrac", "CAX.N"),
        ("PITTSTON <PCO> AGREES TO ACQUIRE WTC <WAF>\n\nPittston Co said it agreed to acquire WTC International N.V.",
         "Pittston", "PCO"),
    ],
)
def test_wire_ticker_in_brackets_is_a_mention_of_the_company_before_it(text, name, ticker):
    mentions = find(text, "en")
    (tick,) = [m for m in mentions if m.text == ticker]
    assert tick.via == "ticker" and tick.entity.name == name and tick.entity.ticker == ticker
    assert not [m for m in mentions if m.entity.name == ticker]


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        ("Pittston Co said it agreed. Pittston declined to comment.", "Pittston", "Pittston Co"),
        ("Pittston agreed to acquire WTC International N.V. in a swap.", "WTC International", "WTC International N.V."),
        ("Sara Lee Corp said it would buy a stake.", "Sara Lee", "Sara Lee Corp"),
        ("Offerings were made through Bear Stearns and Co last week.", "Bear Stearns", "Bear Stearns and Co"),
        ("La société Zorbex SA a annoncé un rachat.", "Zorbex", "Zorbex SA"),
    ],
)
def test_unknown_organisation_is_named_without_its_legal_suffix(text, name, alias):
    (entity,) = {m.entity for m in find(text, "en") if not m.entity.known}
    assert entity.name == name and alias in entity.aliases


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("SARA LEE <SLE> TO BUY 34 PCT OF DIM\n\nSara Lee Corp said it agreed to buy a stake in DIM S.A.",
         {"Sara Lee", "DIM"}),
        ("TRIANGLE MICROWAVE <TRMW> IN TALKS ON BUYOUT\n\nTriangle Microwave Inc said it is in talks.",
         {"Triangle Microwave"}),
        ("The fund SODEC invested in the cinema.", {"SODEC"}),
    ],
)
def test_all_caps_headline_fragments_are_not_organisations(text, orgs):
    assert {m.entity.name for m in find(text, "en") if m.entity.kind is EntityKind.ORG} == orgs


def test_short_unknown_name_joins_the_longer_name_it_starts():
    text = "WTC International N.V. agreed. WTC has granted an option."
    ner = fake_ner({"WTC has granted an option.": [("WTC", "ORG")]})
    assert {m.entity.name for m in find(text, "en", ner=ner, everywhere=True)} == {"WTC International"}


# -- organisations the knowledge base lacks: cues, brand spelling --------------------


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("fr", "Dust a été racheté par la start-up Zorbex la semaine dernière.", "Zorbex"),
        ("fr", "GlobalWafers avait échoué à racheter l'allemand Siltronic en 2022.", "Siltronic"),
        # a word of the `countries` lexicon is a nationality cue too
        ("fr", "Il cède ses parts au singapourien Zorbex.", "Zorbex"),
        ("fr", "La filiale Quarkly Cloud sera cédée.", "Quarkly Cloud"),
        ("fr", "Le groupe Parallèle Films rachète le cinéma.", "Parallèle Films"),
        ("en", "Imagination is owned by the investment fund Canyon Bridge, which bought it.", "Canyon Bridge"),
        ("en", "It bought Qorvix, a Paris-based company, last year.", "Qorvix"),
        ("en", "AMD agreed to buy French chip designer SiPearl for €2 billion.", "SiPearl"),
        ("fr", "Le distributeur eXcentris change de mains.", "eXcentris"),
        ("en", "Shares of rival Zorbex Technologies fell.", "Zorbex Technologies"),
    ],
)
def test_cued_and_intercapital_names_are_organisations(lang, text, name):
    assert name in {m.entity.name for m in find(text, lang) if m.entity.kind is EntityKind.ORG}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "La start-up a levé 20 millions d'euros."),
        ("fr", "Le groupe a annoncé un rachat."),
        ("en", "The startup said it raised $20 million."),
        ("en", "Ronald McDonald smiled."),
        ("en", "The fund, a Paris-based company, said so."),
        ("fr", "L'assureur a publié ses comptes."),
    ],
)
def test_cue_words_without_a_name_make_no_organisation(lang, text):
    assert [m for m in find(text, lang) if not m.entity.known and m.entity.kind is EntityKind.ORG] == []


# -- places and people ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "sentence", "words", "label"),
    [
        ("en", "Imagination, based in Kings Langley, makes chips.", "Kings Langley", "PERSON"),
        ("en", "It has 200 engineers in Maisons-Laffitte and Grenoble now.", "Maisons-Laffitte", "ORG"),
        ("en", "It has 200 engineers in Maisons-Laffitte and Grenoble now.", "Grenoble", "PERSON"),
        ("fr", "La société, basée à Montigny-le-Bretonneux, grandit.", "Montigny-le-Bretonneux", "ORG"),
    ],
)
def test_names_after_a_place_cue_are_places(lang, sentence, words, label):
    found = find(sentence, lang, ner=fake_ner({sentence: [(words, label)]}), everywhere=True)
    assert [m for m in found if m.text == words] == []


@pytest.mark.parametrize(
    ("lang", "text", "person"),
    [
        ("en", "Chief executive Mati Staniszewski said the money would pay for research.", "Mati Staniszewski"),
        ("en", "Its chief executive, David Ha, said the start-up would hire.", "David Ha"),
        ("fr", "a déclaré le président du conseil, Frédéric Lissalde, dans un communiqué.", "Frédéric Lissalde"),
        ("fr", "Poolside a été fondée par Jason Warner, ancien directeur technique de GitHub.", "Jason Warner"),
        ("fr", "Elle a été fondée avec l'entrepreneur français Eiso Kant.", "Eiso Kant"),
        ("fr", "Selon M. Dupont, l'accord est proche.", "Dupont"),
        ("en", "said Edward Atorino, media analyst with a broker.", "Edward Atorino"),
        ("en", "Cincinnati, Ohio, financier Carl Lindner has talked.", "Carl Lindner"),
        ("fr", "selon Jean Dupont, ancien directeur général de la firme.", "Jean Dupont"),
        # bylines credit their author
        ("fr", "Le marché attend.\n\nPar Camille Rousseau\nPublié le 3 mars", "Camille Rousseau"),
        ("fr", "Fin de l'article.\n\nAuteur :\nLéa Marchetti", "Léa Marchetti"),
        ("en", "Shares rose.\nWritten by Tom Hals", "Tom Hals"),
        ("en", "By Jane Doe, Technology Editor\nShares rose.", "Jane Doe"),
    ],
)
def test_people_named_with_their_role_title_or_byline(lang, text, person):
    assert person in {m.entity.name for m in find(text, lang) if m.entity.kind is EntityKind.PERSON}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # a credit word inside a line, or a name that runs on, is no byline
        ("fr", "Le rachat a été approuvé par Victor Lenoir Capital Partners hier."),
        ("fr", "Par Bercy Village, le cortège passa."),
        ("en", "By Monday Jane Doe had left the board of the company."),
    ],
)
def test_no_byline_inside_prose(lang, text):
    assert not [m for m in find(text, lang) if m.entity.kind is EntityKind.PERSON and m.via == "pattern"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Its partner Zorbex Industries said no."),
        ("en", "The chief executive of Nvidia said so."),
        ("fr", "Le président Directeur Général a parlé."),
        ("en", "Chief executive Acme Bank declined."),
    ],
)
def test_role_words_before_organisations_or_common_words_make_no_person(lang, text):
    assert [m for m in find(text, lang) if m.entity.kind is EntityKind.PERSON] == []


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("SiPearl", EntityKind.ORG),
        ("Rainier Bancorp", EntityKind.ORG),
        ("Steven Soarez", EntityKind.PERSON),
    ],
)
def test_ner_person_spans_that_look_like_companies_are_organisations(words, kind):
    text = f"Yesterday {words} spoke to reporters."
    found = find(text, "en", ner=fake_ner({text: [(words, "PERSON")]}), everywhere=True)
    assert [(m.text, m.entity.kind) for m in found] == [(words, kind)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Meta would own 40% of the Freiburg-based company, said Black Forest Labs.", "Freiburg"),
        ("The Santa Clara-based chipmaker Nvidia agreed to buy it.", "Santa Clara"),
    ],
)
def test_x_based_names_a_place_not_an_organisation(text: str, place: str) -> None:
    ner = fake_ner({text: [(place, "ORG")]})  # the statistical model's usual mistake
    assert place not in {m.text for m in find(text, "en", ner=ner, everywhere=True)}


def test_wire_shortens_an_unknown_company_to_its_first_word() -> None:
    text = ("Southwest Forest Industries Inc said Stone Container Corp will pay 32.25 dlrs a share. "
            "The acquisition of Southwest is expected soon.")
    later = [m for m in find(text, "en") if m.start > text.index("The acquisition")]
    assert [(m.text, m.entity.name) for m in later] == [("Southwest", "Southwest Forest Industries")]


# -- nationality descriptions ------------------------------------------------------------


def described(text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.text, m.entity.id) for m in find(text, lang) if m.via == "description"]


@pytest.mark.parametrize(
    ("lang", "text", "phrase", "entity_id"),
    [
        ("fr", "MUFG a confirmé. Morgan Stanley vendrait 20% de ses actions au japonais.", "au japonais", "mufg"),
        ("fr", "MUFG a confirmé. Morgan Stanley vendrait 20 % de ses actions au japonais de façon progressive.",
         "au japonais", "mufg"),
        ("fr", "Morgan Stanley et MUFG discutent. Le japonais a démenti.", "Le japonais", "mufg"),
        ("fr", "MUFG et Morgan Stanley discutent. Les dirigeants du japonais ont démenti.", "du japonais", "mufg"),
        ("fr", "MUFG et Morgan Stanley discutent. L'américain a démenti.", "L'américain", "morgan-stanley"),
        ("fr", "MUFG prête à Morgan Stanley. Les actions de l’américain montent.", "de l’américain", "morgan-stanley"),
        ("fr", "Microsoft et Sony discutent. Le groupe américain a démenti.", "Le groupe américain", "microsoft"),
        ("fr", "Samsung investit avec Nvidia. Le géant sud-coréen a démenti.", "Le géant sud-coréen", "samsung"),
        ("fr", "Toyota et Sony discutent. Le groupe japonais a démenti.", "Le groupe japonais", "sony"),
        # a noun that is a generic description prefers its category: MUFG is a bank, Sony is not
        ("fr", "MUFG et Sony discutent. La banque japonaise a démenti.", "La banque japonaise", "mufg"),
        ("fr", "Toyota et Sony discutent. Selon le constructeur japonais, rien n'est signé.",
         "le constructeur japonais", "toyota"),
        ("en", "Samsung Electronics and Nvidia talked. The South Korean group said no.",
         "The South Korean group", "samsung"),
        ("en", "MUFG and Sony talked. The Japanese bank said no.", "The Japanese bank", "mufg"),
        ("en", "Nvidia talked to Intel. The U.S. company's shares rose.", "The U.S. company", "intel"),
        ("en", "UBS met Nvidia. Shares of the Swiss bank rose.", "the Swiss bank", "ubs"),
        ("en", "SoftBank and MUFG met Intel. The Japanese group said no.", "The Japanese group", "mufg"),
    ],
)
def test_nationality_refers_to_the_last_organisation_of_that_country(lang, text, phrase, entity_id):
    assert described(text, lang) == [(phrase, entity_id)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "MUFG a confirmé. Un groupe japonais a démenti."),  # indefinite
        ("fr", "MUFG a confirmé. Le marché japonais recule, les banques américaines aussi."),  # plain adjective
        ("fr", "MUFG a confirmé. Le Japonais a démenti."),  # a person
        ("fr", "Morgan Stanley a confirmé. Le japonais a démenti."),  # no Japanese organisation before
        ("fr", "Le japonais a démenti. MUFG a confirmé."),  # the organisation comes after
        ("fr", "MUFG a confirmé. Le groupe franco-japonais a démenti."),
        ("en", "MUFG said yes. The Japanese economy slowed and a Japanese company said no."),
        ("en", "MUFG said yes. The Japanese welcomed it."),  # no company noun: people
        ("en", "MUFG said yes. The Japanese banks said no."),  # plural
        ("en", "Morgan Stanley said yes. The Japanese bank said no."),
    ],
)
def test_nationality_without_a_definite_company_head_or_antecedent_is_dropped(lang, text):
    assert described(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Sony discute. Le japonais MUFG a démenti.", [("Sony", "sony"), ("MUFG", "mufg")]),
        ("fr", "Microsoft investit. Le groupe américain de logiciels Oracle a démenti.",
         [("Microsoft", "microsoft"), ("Oracle", "oracle")]),
        ("fr", "Microsoft investit. Le groupe américain xAI a démenti.", [("Microsoft", "microsoft"), ("xAI", "xai")]),
        ("en", "Nvidia talked. The South Korean group Samsung said no.",
         [("Nvidia", "nvidia"), ("Samsung", "samsung")]),
        ("en", "Sony talked. The Japanese bank MUFG said no.", [("Sony", "sony"), ("MUFG", "mufg")]),
        # a specific or longer description of the knowledge base wins over the nationality
        ("fr", "TSMC et UMC discutent. Le fondeur taïwanais a démenti.",
         [("TSMC", "tsmc"), ("UMC", "umc"), ("Le fondeur taïwanais", "tsmc")]),
        ("fr", "Nvidia et Microsoft discutent. Le géant américain de la tech a démenti.",
         [("Nvidia", "nvidia"), ("Microsoft", "microsoft"), ("Le géant américain de la tech", "microsoft")]),
    ],
)
def test_nationality_before_a_name_or_inside_a_description_adds_no_mention(lang, text, expected):
    assert resolved(text, lang) == expected


def test_french_misc_span_repeated_in_the_article_is_an_organisation():
    first = "Zorbex Online s'est assuré une participation dans la société."
    again = "Zorbex Online a confirmé son intention."
    ner = fake_ner({first: [("Zorbex Online", "MISC")]})
    sentences = split_sentences(first + " " + again)
    repeated = EntityFinder(default_kb(), "fr", ner).find(first + " " + again, sentences, [0])
    assert [(m.text, m.entity.kind) for m in repeated][:1] == [("Zorbex Online", EntityKind.ORG)]
    once = EntityFinder(default_kb(), "fr", ner).find(first, split_sentences(first), [0])
    assert once == []


def test_ner_span_loses_trailing_words_in_small_letters():
    text = "Pour le moment, Zorbex Online jeudi a parlé."
    ner = fake_ner({text: [("Zorbex Online jeudi", "ORG")]})
    (m,) = find(text, "fr", ner=ner, everywhere=True)
    assert m.text == "Zorbex Online"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il a acquis 10 % de la société de téléphonie mobile Drillisch.", ["Drillisch"]),
        ("Il entre au capital de la société de télécommunication Versatel.", ["Versatel"]),
        # a joiner is no trade: the name after "de réseau de" is a place, not a company
        ("Il a porté sa part dans l'opérateur de réseau de Düsseldorf de 5 à 15 %.", []),
    ],
)
def test_french_organisation_cue_may_name_a_trade_before_the_name(text, expected):
    assert [m.text for m in find(text, "fr") if not m.entity.known] == expected


def test_a_surname_after_a_first_name_and_initial_is_no_company():
    text = "David F. Roche said so. Roche Holding fell."
    assert [(m.text, m.entity.id) for m in find(text, "en")] == [("Roche Holding", "roche")]


def test_an_ner_span_in_small_letters_never_names_a_known_company():
    text = "Shares rose six points after the offer."
    ner = fake_ner({text: [("six", "ORG")]})
    assert find(text, "en", ner=ner, everywhere=True) == []


@pytest.mark.parametrize(("text", "people", "orgs"), [
    # a cue that is both a role and a company noun: the article's later use decides
    ("Investor Zack Orbel said he raised his stake. Orbel declined to comment.", ["Zack Orbel"], []),
    ("The investor Quarkly Global led the round. Quarkly Global declined to comment.", [], ["Quarkly Global"]),
])
def test_investor_cue_reads_a_person_the_article_calls_by_surname(text, people, orgs):
    found = find(text, "en")
    assert sorted({m.entity.name for m in found if m.entity.kind is EntityKind.PERSON}) == people
    assert sorted({m.entity.name for m in found if m.entity.kind is EntityKind.ORG}) == orgs


def test_a_named_person_is_no_first_half_of_a_company_name():
    text = "Investor Zack Orbel raised his stake. Orbel and Quarkly Financial Corp bought shares."
    names = [(m.text, m.entity.kind.value) for m in find(text, "en")]
    assert ("Quarkly Financial Corp", "org") in names
    assert ("Orbel", "person") in names


@pytest.mark.parametrize(("lang", "text", "phrase", "entity_id"), [
    ("fr", "Amazon se tait. Le groupe de Seattle a investi dans Anthropic.", "Le groupe de Seattle", "amazon"),
    ("en", "The Walldorf-based company bought Signavio.", "The Walldorf-based company", "sap"),
])
def test_a_headquarters_city_stands_for_the_one_company_based_there(lang, text, phrase, entity_id):
    assert (phrase, entity_id) in resolved(text, lang)


def test_a_city_of_several_companies_names_none_of_them(tmp_path):
    from dealgraph.nlp.kb import KnowledgeBase

    extra = tmp_path / "mine.yaml"
    extra.write_text("version: 1\nsource: test\norgs:\n"
                     "  - {id: zorbex, name: Zorbex, category: software, country: US, city: [Seattle]}\n",
                     encoding="utf-8")
    kb = KnowledgeBase.load((extra,))
    text = "Amazon se tait. Le groupe de Seattle a investi dans Anthropic."
    found = EntityFinder(kb, "fr").find(text, split_sentences(text))
    assert all(m.entity.id not in ("amazon", "zorbex") or m.text == "Amazon" for m in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Japan's Horvex Corp agreed to buy a stake in Calloway.", "Horvex Corp"),
        ("New York-based Bastian Technologies Inc raised new money.", "Bastian Technologies Inc"),
        ("Freiburg-based Zemtrix GmbH was sold.", "Zemtrix GmbH"),
    ],
)
def test_a_place_before_a_name_is_no_part_of_it(text, name):
    unknown = [m for m in find(text, "en") if not m.entity.known]
    assert unknown and unknown[0].text == name


@pytest.mark.parametrize(
    ("span", "name"),
    [("Japan's Horvex", "Horvex"), ("New York-based Bastian Technologies", "Bastian Technologies")],
)
def test_an_ner_span_loses_a_places_possessive_or_description(span, name):
    text = f"Hier, {span} et Kxy ont parlé."
    mentions = find(text, "en", ner=fake_ner({text: [(span, "ORG")]}), everywhere=True)
    assert [m.text for m in mentions if m.via == "ner"] == [name]
