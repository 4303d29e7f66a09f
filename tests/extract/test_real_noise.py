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
