"""The glossary: every term DOMAIN.md asks for, each a plain sentence."""

import re

import pytest

from send_core.glossary import GLOSSARY
from send_core.spc import LIMITS_OUT_OF_DATE
from send_core.wording import ASSURANCE_SHORT_TEXT

# The terms the domain notes list for the app's glossary (../shared/DOMAIN.md, "Glossary").
REQUIRED_TERMS = ["SEND", "EHCNA", "SENCO", "SENDIASS", "SENDIST", "EOTAS", "NEET", "Local Offer", "SEN support"]


@pytest.mark.parametrize("term", REQUIRED_TERMS)
def test_each_required_term_is_explained(term):
    assert any(term in key for key in GLOSSARY), f"{term} is not in the glossary"


def test_each_meaning_is_a_sentence():
    for term, meaning in GLOSSARY.items():
        assert meaning[0].isupper() and meaning.endswith("."), term


# Abbreviations the sample's scorecards and plan show as written (typed from the seeds: BCP's
# scorecard, Birmingham's APP): a parent reading them on the public instance finds each here.
SAMPLE_ABBREVIATIONS = [
    "SEN2", "SLA", "WDs", "QA", "LA", "AP", "NCY", "YTD", "S19", "S61", "LGSCO", "NBV", "SN", "PfA",
    "ADHD", "BCC", "BCT", "ICS/B", "CCG", "CQC", "CIPFA", "DBV", "HNB", "DLP", "SOPs", "CPD", "DCS",
    "CFA14", "COP15", "CDC", "QbTest", "EHCP", "PLR", "SENAR", "EOTAS",
]  # fmt: skip


@pytest.mark.parametrize("abbreviation", SAMPLE_ABBREVIATIONS)
def test_each_abbreviation_the_sample_uses_is_explained(abbreviation):
    # Whole words of the terms ("SLA / WDs" explains SLA and WDs, not LA).
    words = {word for key in GLOSSARY for word in re.split(r"[ ()]+", key)}
    assert abbreviation in words


def test_assurance_is_explained_in_the_words_the_tiles_use():
    assert ASSURANCE_SHORT_TEXT[LIMITS_OUT_OF_DATE] in GLOSSARY["Assurance"]
