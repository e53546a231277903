"""The glossary: every term DOMAIN.md asks for, each a plain sentence."""

import pytest

from send_core.glossary import GLOSSARY

# The terms the domain notes list for the app's glossary (../shared/DOMAIN.md, "Glossary").
REQUIRED_TERMS = ["SEND", "EHCNA", "SENCO", "SENDIASS", "SENDIST", "EOTAS", "NEET", "Local Offer", "SEN support"]


@pytest.mark.parametrize("term", REQUIRED_TERMS)
def test_each_required_term_is_explained(term):
    assert any(term in key for key in GLOSSARY), f"{term} is not in the glossary"


def test_each_meaning_is_a_sentence():
    for term, meaning in GLOSSARY.items():
        assert meaning[0].isupper() and meaning.endswith("."), term
