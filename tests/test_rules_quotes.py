"""Every policy parameter in corpus/rules/ is traceable to the exact words of its document."""

import pytest

from calculators.rules import load_city_rules
from corpus.catalogue import CITIES, document_text, get_document


@pytest.mark.parametrize("city", CITIES)
def test_every_quote_is_an_exact_substring_of_its_document(city):
    rules = load_city_rules(city)
    missing = []
    for where, param in rules.all_params():
        text = document_text(param.doc_id)
        missing += [f"{where}: {q!r} not in {param.doc_id}" for q in param.quotes if q not in text]
    assert missing == []


@pytest.mark.parametrize("city", CITIES)
def test_every_parameter_cites_a_document_of_its_own_city(city):
    rules = load_city_rules(city)
    wrong = [
        f"{where}: {param.doc_id}" for where, param in rules.all_params()
        if get_document(param.doc_id).city != city
    ]
    assert wrong == []
