"""Abbreviations people write in skill phrases, spelled out as ESCO writes them.

The engines read the spelled-out phrase ("IV lines" -> "intravenous lines", "IT strategy" ->
"ICT strategy"); the person still sees their own words in the "read as" list.
"""

from __future__ import annotations

import re

# How people shorten what ESCO spells out ("IT strategy" is ESCO's "ICT strategy", "IV lines"
# intravenous, "radio comms" communications): the engines read the spelled-out phrase, the
# person still sees their own words. Acronyms are matched in capitals only ("IT", not "it").
ACRONYMS = {
    "IT": "ICT", "IV": "intravenous", "H&S": "health and safety", "HR": "human resources",
    "QA": "quality assurance", "PR": "public relations", "BP": "blood pressure",
    "A&E": "emergency department", "ICU": "intensive care unit", "PPE": "personal protective "
    "equipment", "FLT": "forklift truck", "HGV": "heavy goods vehicle", "EPOS": "point of sale",
    "POS": "point of sale", "SEN": "special educational needs", "SEND": "special educational "
    "needs", "F&B": "food and beverage", "AP": "accounts payable", "AR": "accounts receivable",
}
SHORT_WORDS = {
    "ops": "operations", "comms": "communications", "admin": "administration",
    "ammo": "ammunition", "mgmt": "management", "maint": "maintenance", "meds": "medication",
    "obs": "observations", "w/": "with", "w/o": "without", "govt": "government",
    "dept": "department", "reqs": "requirements", "stats": "statistics", "maths": "mathematics",
    "biz": "business", "accts": "accounts", "mfg": "manufacturing", "info": "information",
    "config": "configuration", "infra": "infrastructure", "prep": "preparation",
    "mgr": "manager", "cust": "customer", "approx": "approximately", "yrs": "years",
}
TOKEN = re.compile(r"[A-Za-z][A-Za-z&/]*")


def spelled_out(phrase: str) -> str:
    """The phrase with common abbreviations spelled out as ESCO writes them."""
    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        return ACRONYMS.get(word) or SHORT_WORDS.get(word.lower(), word)
    return TOKEN.sub(one, phrase)
