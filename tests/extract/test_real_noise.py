"""CV noise on the real catalog: headers, contacts and acronyms do not become skills."""

from __future__ import annotations

import pytest

from destinai.extract import extract_skills

pytestmark = pytest.mark.integration

CV = """Jane Doe
jane.doe@example.com | +44 7700 900123 | www.janedoe.dev
PROFILE
Registered nurse (RN) with ICU experience and a POS retail background.
Education
BSc Nursing, University of Leeds, 2012 - 2015
Experience
Jan 2016 - present
Staff nurse: administer medication, QA audits, HACCP checks in the kitchen.
Skills: Python, SQL"""


def test_cv_noise_is_not_skills(real_catalog):
    found = {s["label"]: s for s in extract_skills(real_catalog, CV, min_score=0)}
    for wrong in ("teach further education", "design customer experiences",
                  "blockchain consensus mechanisms", "R", "QlikView Expressor"):
        assert wrong not in found, (wrong, found[wrong]["evidence"] if wrong in found else None)
    for right in ("Python (computer programming)", "SQL", "administer prescribed medication"):
        assert found[right]["explicit"], right
    for skill in found.values():
        for evidence in skill["evidence"]:
            assert evidence["text"] not in {"Education", "Experience", "PROFILE", "Skills"}
            assert "@" not in evidence["text"]


@pytest.mark.parametrize(("text", "look_alikes", "meant"), [
    ("RN", {"R"}, "nurs"),
    ("QA engineer wanted", {"QlikView Expressor"}, "quality"),
    ("POS", {"blockchain consensus mechanisms", "iOS"}, "point of sale"),
])
def test_a_lone_acronym_is_read_as_its_expansion(real_catalog, text, look_alikes, meant):
    ranked = extract_skills(real_catalog, text, min_score=0)
    labels = [s["label"] for s in ranked]
    assert not look_alikes & set(labels), labels
    assert any(meant in label for label in labels[:5]), labels


def test_an_acronym_is_expanded_for_the_sentence_vector(real_catalog):
    from destinai.extract.sentences import split_sentences
    from destinai.extract.skills import get_extractor
    from destinai.search.index import get_index

    extractor = get_extractor(get_index(real_catalog))
    (sentence,) = split_sentences("RN on an ICU ward, SQL reports")
    read = extractor.read_text(sentence)
    assert read.startswith("registered nurse on an intensive care unit ward")
    assert "SQL" in read                       # a label written so stays as written


# a second CV as people write them: a nurse moving into testing, with a café job before
NURSE_CV = """Maria Kowalska
maria.kowalska@example.org | +48 601 234 567 | www.mariakowalska.pl
12 Long Street, Leeds LS1 4AB

PROFESSIONAL SUMMARY
RN with eight years in ICU and emergency care, now moving into clinical quality and testing.

WORK EXPERIENCE
Staff Nurse, ICU - St James's University Hospital
Jan 2018 - present
- Trained new RNs on infection control and patient safety.
- Led a QA audit of medication records and reported findings to the ward manager.

Shift Supervisor - Green Leaf Cafe
2014 - 2017
- Ran the POS at busy times, cashed up and reconciled the till at close.
- Kept HACCP records and trained staff on food hygiene.

EDUCATION
BSc Nursing, University of Leeds, 2010 - 2014

SKILLS
Python, SQL, Microsoft Excel, Selenium test automation, Polish (native), English (fluent)

REFERENCES
Available on request"""


def test_a_real_cv_reads_as_written(real_catalog):
    found = {s["label"]: s for s in extract_skills(real_catalog, NURSE_CV)}
    evidence = " | ".join(e["text"] for s in found.values() for e in s["evidence"])
    for wrong in ("R", "QlikView Expressor", "blockchain consensus mechanisms",
                  "teach further education", "design customer experiences"):
        assert wrong not in found, (wrong, found[wrong]["evidence"])
    for noise in ("request", "Maria", "@", "Leeds LS1", "2018", "EDUCATION", "REFERENCES"):
        assert noise not in evidence, noise
    assert "apply HACCP" in found                  # HACCP left as written: a label word
    assert "infection control" in found and found["infection control"]["explicit"]
    # every skill the SKILLS line names is reported, past the five-per-sentence cap
    for listed in ("Python (computer programming)", "SQL", "English", "Polish",
                   "tools for ICT test automation"):
        assert found[listed]["explicit"], listed
