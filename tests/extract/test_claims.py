"""The claim walker: parties, kind, status, amount, source, and the article's context."""

from __future__ import annotations

import datetime as dt

import pytest

from dealgraph.extract.amounts import deal_amount
from dealgraph.extract.claims import ClaimExtractor
from dealgraph.extract.cues import cues_for
from dealgraph.records import Amount, Claim, DateMention, PartialDate, claim_dict
from tests.extract.builders import amount, mentions, split_sentences

ORG_NAMES = {"nvidia": "Nvidia", "openai": "OpenAI"}


def no_money(phrase: str, lang: str) -> Amount | None:
    return None


def claims(text: str, lang: str, amounts: list[Amount] = (), names: dict[str, str] | None = None
           ) -> list[Claim]:
    extractor = ClaimExtractor(cues_for(lang), ORG_NAMES, no_money)
    return extractor.extract(text, split_sentences(text), mentions(text, names), list(amounts), [])


def test_fr_invest_in_gives_investor_before_and_target_after_dans() -> None:
    text = "Nvidia a investi 5 milliards de dollars dans OpenAI."
    [c] = claims(text, "fr", [amount(text, "5 milliards de dollars", 5e9, 5e9)])
    assert (c.investor, c.target, c.kind.value, c.status.value) == (
        "Nvidia", "OpenAI", "investment", "completed")
    assert (c.min, c.max, c.currency) == (5e9, 5e9, "USD")
    assert c.evidence.text == text


def test_fr_in_talks_with_cap_narrows_the_vague_amount() -> None:
    text = ("Amazon est en pourparlers pour investir des dizaines de milliards dans OpenAI et le "
            "chiffre pourrait atteindre 50 milliards de dollars, a rapporté Reuters jeudi.")
    found = claims(text, "fr", [
        amount(text, "des dizaines de milliards", 2e10, 1e11),
        amount(text, "50 milliards de dollars", 5e10, 5e10),
    ])
    [c] = found
    assert (c.investor, c.target, c.status.value) == ("Amazon", "OpenAI", "in_talks")
    assert (c.min, c.max) == (2e10, 5e10)
    assert c.source is not None and c.source.name == "Reuters"
    assert c.source.kind.value == "publication"


def test_fr_raise_without_investors_is_a_funding_round_with_its_valuation() -> None:
    text = ("OpenAI cherche à lever jusqu'à 100 milliards de dollars de fonds, ce qui la valorise "
            "à environ 830 milliards de dollars, a rapporté Reuters précédemment.")
    [c] = claims(text, "fr", [
        amount(text, "jusqu'à 100 milliards de dollars", None, 1e11),
        amount(text, "environ 830 milliards de dollars", 8.3e11, 8.3e11),
    ])
    assert (c.investor, c.target, c.kind.value, c.status.value) == (
        None, "OpenAI", "funding_round", "planned")
    assert (c.min, c.max, c.valuation) == (None, 1e11, 8.3e11)


def test_en_round_led_by_named_investor_is_the_round_and_its_lead() -> None:
    text = "Mistral AI raised 600 million euros in a round led by Sequoia, the company said."
    found = claims(text, "en", [amount(text, "600 million euros", 6e8, 6e8, "EUR")])
    assert [(c.investor, c.target, c.kind.value, c.lead) for c in found] == [
        (None, "Mistral AI", "funding_round", False), ("Sequoia", "Mistral AI", "funding_round", True)]
    assert all((c.min, c.currency) == (6e8, "EUR") for c in found)


def test_fr_round_backers_each_take_part_in_the_round_with_its_amount() -> None:
    text = "Mistral AI a levé 600 millions d'euros auprès de fonds comme Sequoia, Amazon et Nvidia."
    found = claims(text, "fr", [amount(text, "600 millions d'euros", 6e8, 6e8, "EUR")])
    got = [(c.investor, c.kind.value, c.min) for c in found]
    assert got == [(None, "funding_round", 6e8), ("Sequoia", "funding_round", 6e8),
                   ("Amazon", "funding_round", 6e8), ("Nvidia", "funding_round", 6e8)]


def test_fr_acquisition_noun_with_par_names_the_buyer_after_the_target() -> None:
    text = "Bloomberg examine le projet de rachat de la start-up Mistral AI par ASML."
    [c] = claims(text, "fr")
    assert (c.investor, c.target, c.kind.value) == ("ASML", "Mistral AI", "acquisition")


def test_en_analysts_firm_is_a_source_not_an_investor() -> None:
    text = "Analysts at Bloomberg said Amazon could invest up to $5 billion in OpenAI."
    [c] = claims(text, "en", [amount(text, "up to $5 billion", None, 5e9)])
    assert (c.investor, c.target) == ("Amazon", "OpenAI")


def test_en_passive_acquisition_puts_the_buyer_after_by() -> None:
    text = "Getty Oil was acquired by Texaco for 10 billion dlrs."
    [c] = claims(text, "en", [amount(text, "10 billion dlrs", 1e10, 1e10)])
    assert (c.investor, c.target, c.kind.value) == ("Texaco", "Getty Oil", "acquisition")


def test_en_per_share_price_is_not_the_deal_size_when_a_total_is_given() -> None:
    text = "Texaco agreed to acquire Getty Oil for 10 billion dlrs, or 128 dlrs a share."
    [c] = claims(text, "en", [
        amount(text, "10 billion dlrs", 1e10, 1e10),
        amount(text, "128 dlrs", 128, 128, per_share=True),
    ])
    assert (c.min, c.max, c.status.value) == (1e10, 1e10, "announced")


def test_coordinated_investors_each_get_a_claim_on_the_deal_in_discussion() -> None:
    text = ("OpenAI cherche à lever 100 milliards de dollars. "
            "Amazon, Microsoft et SoftBank discuteraient de prises de participation.")
    found = claims(text, "fr", [amount(text, "100 milliards de dollars", 1e11, 1e11)])
    talks = [(c.investor, c.target, c.status.value) for c in found if c.investor]
    assert talks == [("Amazon", "OpenAI", "in_talks"), ("Microsoft", "OpenAI", "in_talks"),
                     ("SoftBank", "OpenAI", "in_talks")]


def test_sentence_with_amount_but_no_party_completes_the_previous_claim() -> None:
    text = ("Le Wall Street Journal affirme que Nvidia a suspendu son investissement dans OpenAI. "
            "Le montant aurait fondu à 20 milliards de dollars.")
    [c] = claims(text, "fr", [amount(text, "20 milliards de dollars", 2e10, 2e10)])
    assert (c.status.value, c.min, c.max) == ("stalled", 2e10, 2e10)
    assert c.source is not None and c.source.name == "Wall Street Journal"


def test_title_and_lead_saying_the_same_are_one_claim() -> None:
    text = ("Nvidia va investir 2 milliards de dollars dans OpenAI, selon Reuters\n\n"
            "Nvidia va investir 2 milliards de dollars dans OpenAI, selon Reuters, jeudi.")
    found = claims(text, "fr", [amount(text, "2 milliards de dollars", 2e9, 2e9, occurrence=i)
                                for i in (0, 1)])
    assert len(found) == 1


def test_first_person_quote_is_the_speakers_company() -> None:
    text = ("Jensen Huang a répondu aux journalistes. "
            "Nous participerons définitivement au prochain tour de financement d'OpenAI.")
    [c] = claims(text, "fr")
    assert (c.investor, c.target, c.status.value) == ("Nvidia", "OpenAI", "confirmed")
    assert c.source is not None and c.source.name == "Jensen Huang"


@pytest.mark.parametrize(
    "text",
    [
        "Nvidia et OpenAI sont des entreprises très suivies.",  # no deal word
        "Investir 100 milliards dans une seule entreprise représente un risque.",  # no party
        "Bloomberg reported strong results at Amazon on Monday.",  # no deal word
    ],
)
def test_sentences_without_a_deal_make_no_claim(text: str) -> None:
    assert claims(text, "fr" if "entreprise" in text else "en") == []


def test_sentence_listing_the_parts_of_a_deal_adds_no_claim() -> None:
    text = ("Texaco agreed to buy a 34 pct stake in Getty Oil for 84 mln dlrs. "
            "The investment includes the purchase of new Getty Oil shares valued at 51 mln dlrs.")
    found = claims(text, "en", [amount(text, "84 mln dlrs", 8.4e7, 8.4e7),
                                amount(text, "51 mln dlrs", 5.1e7, 5.1e7)])
    assert [(c.investor, c.target, c.max) for c in found] == [("Texaco", "Getty Oil", 8.4e7)]


def test_fr_unit_price_is_not_the_deal_size_when_a_total_follows() -> None:
    text = ("Nvidia va acheter 9,9% des actions d'OpenAI au prix unitaire de 25,25 dollars, "
            "soit un montant total de trois milliards de dollars.")
    [c] = claims(text, "fr", [amount(text, "25,25 dollars", 25.25, 25.25),
                              amount(text, "trois milliards de dollars", 3e9, 3e9)])
    assert (c.investor, c.target, c.kind.value, c.min) == ("Nvidia", "OpenAI", "investment", 3e9)


def test_fr_a_person_in_their_own_name_invests_and_shares_bought_are_a_stake() -> None:
    text = "Xavier Niel a acheté des actions IBM pour 2 milliards de dollars."
    [c] = claims(text, "fr", [amount(text, "2 milliards de dollars", 2e9, 2e9)])
    assert (c.investor, c.target, c.kind.value, c.status.value) == (
        "Xavier Niel", "IBM", "investment", "completed")


def test_a_person_who_speaks_for_a_company_is_not_the_investor() -> None:
    text = "Jensen Huang a investi 5 milliards de dollars dans OpenAI."
    assert [c.investor for c in claims(text, "fr", [amount(text, "5 milliards de dollars", 5e9, 5e9)])
            ] == []


def test_a_person_telling_of_a_deal_is_not_its_investor() -> None:
    text = "Xavier Niel a déclaré que l'investissement dans OpenAI était bloqué."
    assert all(c.investor != "Xavier Niel" for c in claims(text, "fr"))


def test_a_new_investor_joins_the_deal_in_discussion_only_with_money_or_a_status() -> None:
    lead = "Nvidia a investi 5 milliards de dollars dans OpenAI. "
    aside = "SoftBank a bâti sa fortune grâce à des investissements intelligents."
    talks = "SoftBank discuterait également d'une prise de participation."
    money = [amount(lead, "5 milliards de dollars", 5e9, 5e9)]
    assert [c.investor for c in claims(lead + aside, "fr", money)] == ["Nvidia"]
    found = claims(lead + talks, "fr", money)
    assert [(c.investor, c.target, c.status.value) for c in found] == [
        ("Nvidia", "OpenAI", "completed"), ("SoftBank", "OpenAI", "in_talks")]


def test_fr_opening_its_capital_to_a_party_makes_that_party_the_investor() -> None:
    text = ("Morgan Stanley a annoncé l'entrée à son tour de table de MUFG, la première banque "
            "du Japon, qui déboursera 9 milliards de dollars.")
    [c] = claims(text, "fr", [amount(text, "9 milliards de dollars", 9e9, 9e9)])
    assert (c.investor, c.target, c.kind.value, c.min) == ("MUFG", "Morgan Stanley", "investment", 9e9)


def test_fr_an_investment_made_by_buying_securities_is_in_the_company_discussed() -> None:
    lead = "MUFG va acheter 9,9% des actions de Morgan Stanley. "
    text = lead + "MUFG investira 6 milliards de dollars dans l'acquisition de titres convertibles."
    found = claims(text, "fr", [amount(text, "6 milliards de dollars", 6e9, 6e9)])
    assert [(c.investor, c.target, c.kind.value, c.min) for c in found][-1] == (
        "MUFG", "Morgan Stanley", "investment", 6e9)


def test_fr_the_amount_goes_with_the_nearest_deal_word_and_apposition_names_are_no_subject() -> None:
    text = ("La semaine dernière, Goldman Sachs, seule autre « survivante » des grandes banques "
            "d'investissement de Wall Street après les faillites de Lehman Brothers et le rachat "
            "de Merrill Lynch, a annoncé avoir levé 15 milliards de dollars, en partie auprès de "
            "Berkshire Hathaway.")
    found = claims(text, "fr", [amount(text, "15 milliards de dollars", 15e9, 15e9)])
    assert sorted((c.investor or "", c.target, c.kind.value, c.min or 0, c.status.value)
                  for c in found) == [
        ("", "Goldman Sachs", "funding_round", 15e9, "completed"),
        ("Berkshire Hathaway", "Goldman Sachs", "funding_round", 15e9, "completed")]


def test_en_a_subsidiary_acts_for_its_parent_and_deal_words_inside_names_are_ignored() -> None:
    text = ("Waste Management Inc said its wholly owned subsidiary, WMX Acquisition Corp, ended its "
            "tender offer to buy shares of ChemLawn at 35 dlrs a share.")
    [c] = claims(text, "en", [amount(text, "35 dlrs a share", 35, 35, per_share=True)])
    assert (c.investor, c.target, c.kind.value, c.status.value) == (
        "Waste Management Inc", "ChemLawn", "acquisition", "cancelled")


def test_a_past_date_borrowed_from_an_earlier_sentence_does_not_complete_a_deal() -> None:
    text = "Le prix est fixé au 31 août. MUFG investira 6 milliards de dollars dans Morgan Stanley."
    at = text.index("31 août")
    date = DateMention("31 août", at, at + 7, PartialDate(2008, 8, 31))
    extractor = ClaimExtractor(cues_for("fr"), ORG_NAMES, no_money)
    money = [amount(text, "6 milliards de dollars", 6e9, 6e9)]
    [c] = extractor.extract(text, split_sentences(text), mentions(text), money, [date],
                            published=dt.date(2008, 9, 29))
    assert c.status.value == "announced"
    here = "Le 31 août, MUFG investit 6 milliards de dollars dans Morgan Stanley."
    at = here.index("31 août")
    [c] = extractor.extract(here, split_sentences(here), mentions(here),
                            [amount(here, "6 milliards de dollars", 6e9, 6e9)],
                            [DateMention("31 août", at, at + 7, PartialDate(2008, 8, 31))],
                            published=dt.date(2008, 9, 29))
    assert (c.cue, c.status.value) == (None, "completed")


def test_en_a_word_qualifying_the_deal_outranks_a_regulatory_word_of_its_clause() -> None:
    text = ("Southwest Forest said it and Stone Container have complied with all federal waiting "
            "period requirements for Stone's proposed 32.25 dlr per share cash acquisition of "
            "Southwest Forest.")
    [c] = claims(text, "en", [amount(text, "32.25 dlr per share", 32.25, 32.25, per_share=True)])
    assert (c.investor, c.target, c.status.value, c.cue) == (
        "Stone Container", "Southwest Forest", "planned", "proposed")


def test_en_a_later_clause_that_moves_the_deal_on_is_a_claim_of_its_own() -> None:
    text = ("Stone Container agreed to acquire Southwest Forest. The companies entered into a merger "
            "agreement on January 27, and made their initial filings with the Justice Department.")
    found = claims(text, "en")
    assert [(c.investor, c.target, c.status.value) for c in found][-2:] == [
        ("Stone Container", "Southwest Forest", "announced"),
        ("Stone Container", "Southwest Forest", "under_review")]


def test_en_a_deal_told_in_a_relative_clause_leaves_the_main_clauses_amount() -> None:
    text = ("Rainier, which last month agreed to merge with Security Pacific, said the move will "
            "increase its assets to 9.8 billion dlrs.")
    found = claims(text, "en", [amount(text, "9.8 billion dlrs", 9.8e9, 9.8e9)])
    merge = [c for c in found if c.target == "Security Pacific"]
    assert [(c.investor, c.min) for c in merge] == [("Rainier", None)]


def test_fr_hoping_to_buy_is_a_plan() -> None:
    text = "Stone Container espérait racheter Southwest Forest avant la fin de l'année."
    [c] = claims(text, "fr")
    assert (c.investor, c.target, c.kind.value, c.status.value) == (
        "Stone Container", "Southwest Forest", "acquisition", "planned")


def test_fr_a_sentence_telling_what_the_stake_is_made_of_adds_no_claim() -> None:
    lead = "MUFG va investir 9 milliards de dollars dans Morgan Stanley. "
    text = lead + ("« Il y a une semaine, a expliqué le directeur exécutif de MUFG, nous pensions "
                   "que la participation serait intégralement composée d'actions ordinaires. »")
    found = claims(text, "fr", [amount(text, "9 milliards de dollars", 9e9, 9e9)])
    assert [(c.investor, c.target, c.min) for c in found] == [("MUFG", "Morgan Stanley", 9e9)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "ChemLawn said it was in talks on its possible acquisition by a large U.S. company."),
    ("fr", "ChemLawn a confirmé des discussions sur son rachat par un groupe américain."),
])
def test_a_buyer_the_article_does_not_name_is_an_unnamed_investor(lang: str, text: str) -> None:
    [c] = claims(text, lang)
    assert (c.investor, c.target, c.kind.value) == (None, "ChemLawn", "acquisition")


@pytest.mark.parametrize(("lang", "phrase", "determiner", "indefinite"), [
    ("fr", "l'acquisition", "l'", None), ("fr", "les titres", "les ", None),
    ("fr", "plusieurs fonds", None, "plusieurs "), ("fr", "lacune", None, None),
    ("en", "the purchase", "the ", None), ("en", "an investor", "an ", "an "),
    ("en", "another bid", None, None), ("en", "several banks", None, "several "),
])
def test_leading_words_come_from_the_lexicon(lang: str, phrase: str, determiner: str | None,
                                             indefinite: str | None) -> None:
    cues = cues_for(lang)
    for pattern, expected in ((cues.determiner, determiner), (cues.indefinite, indefinite)):
        found = pattern.match(phrase)
        assert (found.group() if found else None) == expected, (pattern.pattern, phrase)


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("fr", "Mistral AI a levé 500 millions de dollars auprès d'investisseurs menés par "
           "Sequoia et Nvidia.", "500 millions de dollars"),
    ("en", "Mistral AI raised $500 million in a round led by Sequoia and Nvidia.", "$500 million"),
])
def test_parties_listed_with_a_lead_co_lead_the_round(lang: str, text: str, phrase: str) -> None:
    found = claims(text, lang, [amount(text, phrase, 5e8, 5e8)])
    assert sorted((c.investor or "", c.kind.value, c.min, c.lead) for c in found) == [
        ("", "funding_round", 5e8, False), ("Nvidia", "funding_round", 5e8, True),
        ("Sequoia", "funding_round", 5e8, True)]


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("fr", "SoftBank multiplie les paris. Il s'est engagé à investir 30 milliards de dollars "
           "dans OpenAI.", "30 milliards de dollars"),
    ("en", "SoftBank keeps betting on AI. It said it would invest $30 billion in OpenAI.",
     "$30 billion"),
])
def test_a_subject_pronoun_stands_for_the_previous_sentences_company(lang: str, text: str,
                                                                     phrase: str) -> None:
    [c] = claims(text, lang, [amount(text, phrase, 3e10, 3e10)])
    assert (c.investor, c.target, c.min) == ("SoftBank", "OpenAI", 3e10)


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    # impersonal openings, and a pronoun with no company in the sentence before
    ("fr", "SoftBank multiplie les paris. Il y a eu 30 milliards de dollars investis dans OpenAI.",
     "30 milliards de dollars"),
    ("en", "SoftBank keeps betting. It was unclear whether $30 billion would be invested in OpenAI.",
     "$30 billion"),
    ("fr", "Le marché attend. Il s'est engagé à investir 30 milliards de dollars dans OpenAI.",
     "30 milliards de dollars"),
])
def test_no_pronoun_investor_without_a_personal_subject(lang: str, text: str, phrase: str) -> None:
    assert all(c.investor != "SoftBank" for c in claims(text, lang, [amount(text, phrase, 3e10, 3e10)]))


def test_en_raising_a_stake_is_an_investment_not_a_round() -> None:
    text = "Sequoia said it raised its stake in Mistral AI to 9.9 pct."
    [c] = claims(text, "en")
    assert (c.investor, c.target, c.kind.value) == ("Sequoia", "Mistral AI", "investment")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Sequoia, which holds 9.9 pct of Nvidia, said it agreed to acquire Mistral AI."),
    ("fr", "Sequoia, qui détient 9,9 % de Nvidia, a annoncé le rachat de Mistral AI."),
])
def test_a_name_in_a_relative_clause_is_not_the_subject(lang: str, text: str) -> None:
    found = claims(text, lang)
    assert [(c.investor, c.target, c.kind.value) for c in found] == [
        ("Sequoia", "Mistral AI", "acquisition")]


def test_en_shares_bought_are_a_stake() -> None:
    text = "Sequoia said it bought 278,000 shares of Mistral AI common stock."
    [c] = claims(text, "en")
    assert (c.investor, c.target, c.kind.value) == ("Sequoia", "Mistral AI", "investment")


def test_en_a_person_listed_with_the_subject_is_a_party_not_a_speaker() -> None:
    text = "Xavier Niel and Sequoia said they bought 278,000 shares of Mistral AI common stock."
    found = claims(text, "en")
    assert sorted((c.investor, c.kind.value) for c in found) == [
        ("Sequoia", "investment"), ("Xavier Niel", "investment")]
    # a person who only reports the deal stays out of it
    told = "Xavier Niel said Sequoia bought 278,000 shares of Mistral AI common stock."
    assert [c.investor for c in claims(told, "en")] == ["Sequoia"]


def test_en_a_price_per_share_is_the_claims_per_share_never_its_amount() -> None:
    text = "Texaco said it agreed to buy Getty Oil at 23.50 dlrs a share in cash."
    [c] = claims(text, "en", [amount(text, "23.50 dlrs a share", 23.5, 23.5, per_share=True)])
    assert (c.investor, c.target, c.min, c.max, c.per_share, c.currency) == (
        "Texaco", "Getty Oil", None, None, 23.5, "USD")
    assert claim_dict(c)["per_share"] == 23.5


def test_fr_a_unit_price_beside_a_total_is_the_per_share_and_the_total_the_amount() -> None:
    text = ("MUFG a annoncé le rachat de Morgan Stanley au prix unitaire de 12 euros, soit un "
            "montant total de 480 millions d'euros.")
    [c] = claims(text, "fr", [amount(text, "12 euros", 12, 12, "EUR"),
                              amount(text, "480 millions d'euros", 4.8e8, 4.8e8, "EUR")])
    assert (c.min, c.max, c.per_share, c.currency) == (4.8e8, 4.8e8, 12, "EUR")


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("en", "Getty Oil shares closed at 23 dlrs on Friday after the acquisition was completed.",
     "23 dlrs"),
    ("en", "Texaco reported net income of 40 mln dlrs, helped by the Getty Oil deal.",
     "40 mln dlrs"),
    ("en", "A jury ordered Texaco to pay damages of 90 mln dlrs over the merger.",
     "90 mln dlrs"),
    ("fr", "L'action Morgan Stanley a clôturé à 14 euros après l'annonce du rachat.", "14 euros"),
])
def test_a_closing_price_profit_or_damages_is_never_a_deal_amount(lang: str, text: str,
                                                                  phrase: str) -> None:
    found = deal_amount(text, [amount(text, phrase, 5.0, 5.0)], cues_for(lang))
    assert found is not None and (found.min, found.max, found.per_share) == (None, None, None)


def test_a_closing_price_after_a_deal_is_not_a_claim() -> None:
    text = ("Texaco completed its purchase of Getty Oil for 900 mln dlrs on Monday. "
            "Getty Oil shares closed at 23 dlrs on Tuesday.")
    found = claims(text, "en", [amount(text, "900 mln dlrs", 9e8, 9e8),
                                amount(text, "23 dlrs", 23, 23)])
    assert [(c.investor, c.target, c.min) for c in found] == [
        ("Texaco", "Getty Oil", 9e8)]


def test_one_figure_for_several_investors_is_theirs_together() -> None:
    text = ("Nvidia, Microsoft et Amazon pourraient investir jusqu'à 60 milliards de dollars "
            "ensemble dans OpenAI.")
    found = claims(text, "fr", [amount(text, "60 milliards de dollars", None, 6e10)])
    assert [(c.investor, c.max, c.shared) for c in found] == [
        ("Nvidia", 6e10, True), ("Microsoft", 6e10, True), ("Amazon", 6e10, True)]
    assert claim_dict(found[0])["shared"] is True


def test_a_rounds_participants_carry_the_rounds_amount_unshared() -> None:
    text = "OpenAI a levé 10 milliards de dollars auprès de Nvidia et Microsoft."
    found = claims(text, "fr", [amount(text, "10 milliards de dollars", 1e10, 1e10)])
    assert [(c.investor, c.max, c.shared) for c in found] == [
        (None, 1e10, False), ("Nvidia", 1e10, False), ("Microsoft", 1e10, False)]


def test_one_investor_with_its_own_figure_is_not_shared() -> None:
    text = "Nvidia a investi 5 milliards de dollars dans OpenAI."
    [c] = claims(text, "fr", [amount(text, "5 milliards de dollars", 5e9, 5e9)])
    assert c.shared is False
