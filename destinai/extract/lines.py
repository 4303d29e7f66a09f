"""What in a document is not a skill: section headers, dates, names, contact lines, acronyms.

CVs and ads carry lines that look like skill labels to an embedding ("Education" ~ *teach
further education*, "Experience" ~ *design customer experiences*) and acronyms that look like
other labels ("RN" ~ *R*, "POS" ~ *PoS*, the proof-of-stake acronym). Rules:

- a line that is only a section header ("Education", "WORK EXPERIENCE", "Skills:") yields
  nothing; a header before a colon ("Skills: Python, SQL") is cut off and the rest is read;
- a line that is only dates, numbers, an e-mail address, a phone number, a web address, a
  street address or the CV boilerplate "(References) available on request" yields nothing;
  so does a document's first line when it is a bare name (two to four capitalised words,
  none of them a label word);
- an acronym (2-6 capitals) is read as its expansion when one is known (common job-ad usage,
  or learned from the labels, see :mod:`destinai.search.acronyms`); otherwise it is left
  alone when it is a word of some skill label ("HACCP") and silenced when it is not; a label
  that is only an acronym ("POS", the proof-of-stake one) is a mention only when the sentence
  is about that skill (it ranks among the sentence's candidates).
"""

from __future__ import annotations

import re

from destinai.extract.sentences import Sentence

HEADERS = {
    "education", "experience", "work experience", "professional experience", "employment",
    "employment history", "work history", "career history", "skills", "key skills",
    "technical skills", "core skills", "core competencies", "competencies", "languages",
    "language skills", "references", "profile", "personal profile", "professional profile",
    "summary", "professional summary", "career summary", "executive summary", "objective",
    "career objective", "contact", "contact details", "contact information",
    "personal details", "personal information", "certifications", "certificates",
    "licenses", "licences", "projects", "interests", "hobbies", "hobbies and interests",
    "achievements", "accomplishments", "awards", "publications", "volunteering",
    "volunteer experience", "training", "courses", "qualifications", "education and training",
    "responsibilities", "key responsibilities", "duties", "requirements", "requirements and "
    "skills", "qualifications and experience", "what we offer", "benefits", "about us",
    "about the role", "about you", "the role", "job description", "job summary",
    "how to apply", "curriculum vitae", "cv", "resume", "résumé", "nice to have", "tasks",
}
HEADER_PREFIX = re.compile(r"^\s*([A-Za-zé][A-Za-zé &/]{1,40}?)\s*[:–-]\s+(?=\S)")
MONTHS = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
          r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?")
DATE_LINE = re.compile(
    rf"^[\s\d/.,()\-–—:]*(({MONTHS}|present|current|now|today|since|to|until|and|"
    r"\d{1,4}|[/.\-–—,()])[\s]*)+$", re.IGNORECASE)
CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.|linkedin\.com|github\.com|"
    r"(\+|\b00)\d[\d\s().-]{6,}\d|\b(tel|phone|mobile|e-?mail|address)\b\s*[:.]",
    re.IGNORECASE)
STREET = re.compile(r"^\d+[a-z]?\s+\w+(\s\w+)?\s(street|st|road|rd|avenue|ave|lane|ln|"
                    r"drive|dr|boulevard|blvd|way|strasse|straße)\b", re.IGNORECASE)
BOILERPLATE = re.compile(r"^(references?\s*:?\s*)?(are\s+)?(available\s+)?(up)?on\s+"
                         r"request\.?$", re.IGNORECASE)     # "Available on request"
NAME_WORD = re.compile(r"^[A-Z][a-zà-ÿ'’-]+\.?$|^[A-Z]\.$")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$")
COMMON_EXPANSIONS = {
    "pos": "point of sale", "rn": "registered nurse", "qa": "quality assurance",
    "icu": "intensive care unit", "er": "emergency room", "hr": "human resources",
    "kpi": "key performance indicators", "crm": "customer relationship management",
    "erp": "enterprise resource planning", "ui": "user interface", "ux": "user experience",
    "sop": "standard operating procedures", "gmp": "good manufacturing practice",
    "hse": "health safety and environment", "ppe": "personal protective equipment",
    "cpr": "cardiopulmonary resuscitation", "ehr": "electronic health records",
    "ngo": "non governmental organisation", "m&e": "monitoring and evaluation",
}


def is_header(text: str) -> bool:
    """A line that is only a section header ("Education", "WORK EXPERIENCE:")."""
    folded = " ".join(re.findall(r"[a-zé]+", text.lower()))
    return folded in HEADERS


def is_noise(text: str) -> bool:
    """A line that carries no skill: header, dates and numbers, contact details, address,
    "available on request"."""
    stripped = text.strip()
    return (is_header(stripped) or bool(DATE_LINE.match(stripped))
            or bool(CONTACT.search(stripped)) or bool(STREET.match(stripped))
            or bool(BOILERPLATE.match(stripped)))


def is_name(text: str, vocabulary: dict[str, int]) -> bool:
    """Two to four capitalised words, none of them a word of any label: a person's name."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(NAME_WORD.match(w) for w in words) and not any(
        w.lower().strip(".") in vocabulary for w in words)


def without_header(sentence: Sentence) -> Sentence | None:
    """The sentence after a leading "Header:" (None when nothing is left)."""
    match = HEADER_PREFIX.match(sentence.text)
    if not match or not is_header(match.group(1)):
        return sentence
    cut = match.end()
    words = tuple((a - cut, b - cut) for a, b in sentence.words if a >= cut)
    if not words:
        return None
    return Sentence(sentence.text[cut:], sentence.start + cut, words)


def content_sentences(sentences: list[Sentence], vocabulary: dict[str, int]
                      ) -> list[Sentence]:
    """The sentences that may carry skills, headers cut off; noise and a name line dropped."""
    out = []
    for n, sentence in enumerate(sentences):
        if is_noise(sentence.text) or (n == 0 and is_name(sentence.text, vocabulary)):
            continue
        kept = without_header(sentence)
        if kept is not None and not is_noise(kept.text):    # "References: on request"
            out.append(kept)
    return out
