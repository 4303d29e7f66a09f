"""A CV's structure: which lines name the jobs held, and the words that go with each title.

A CV says what someone did in its job-title lines ("Staff nurse, St Mary's Hospital
(2018-2024)"); the rest describes the work. Lines under an education, skills or similar
heading, qualification lines ("BSc Nursing") and the employer line under a title standing
alone on its line are not titles; a heading run into its first line ("Experience: Bricklayer,
...") gives the title after it.
"""

from __future__ import annotations

import re

# a hyphen ends the title only when no word follows it at once ("Butcher - family shop", not
# "Live-out nanny")
# letters of any script: "Médico general", "Kindergärtnerin" are titles too
TITLE_LINE = re.compile(r"^\s*([^\W\d_][\w /&'-]{2,60}?)\s*"
                        r"(?:[,(:.\u2013\u2014|]|-(?!\w)|\bat\b|"
                        r"\bfor\b|\bin\b|\bwith\b|\bof\b|\bon\b|$)")
# a short bracketed qualifier right after a title says which work it is, as job ads write it
QUALIFIER = re.compile(r"\s*\(([^\W\d_][^()\d]{1,40})\)")
HEADINGS = {"experience", "work experience", "employment", "employment history",
            "work history", "career history", "professional experience", "career", "jobs",
            "education", "qualifications", "training", "certificates", "certifications",
            "skills", "key skills", "profile", "summary", "personal statement", "references",
            "languages", "hobbies", "interests", "contact", "about me", "achievements",
            "courses", "licences", "licenses"}
WORK_HEADINGS = {"experience", "work experience", "employment", "employment history",
                 "work history", "career history", "professional experience", "career", "jobs",
                 "profile", "summary", "personal statement", "about me"}   # say the job too
QUALIFICATION = re.compile(
    r"^\s*(?:b\.?sc|b\.?a|m\.?sc|m\.?a|m\.?eng|b\.?eng|ph\.?d|mba|pgce|hnd|hnc|nvq|btec|gcse|"
    r"a[ -]levels?|diploma|certificate|degree|bachelor|master|apprenticeship|level \d)\b",
    re.IGNORECASE)
NOT_TITLES = {"responsible", "worked", "working", "managed", "led", "helped", "duties",
              "skills", "experience", "education", "profile", "summary", "references",
              "languages", "hobbies", "interests", "contact", "about", "achievements",
              # CV action verbs: a line they open describes the work, it names no job
              "ran", "built", "made", "wrote", "taught", "drove", "kept", "did", "took", "set",
              "sold", "gave", "oversaw", "grew", "handled", "delivered", "supported",
              "developed", "created", "designed", "ensured", "maintained", "organised",
              "organized", "planned", "prepared", "processed", "provided", "trained", "served",
              "looked", "dealt", "assisted", "cleaned", "cooked", "answered", "installed",
              "repaired", "fitted", "operated", "patrolled", "picked", "sorted", "loaded",
              "cared", "looking", "setting", "i", "we", "my", "our", "seasonal", "various",
              # ... and in the present tense ("Teach learners in a dual-control car"); not
              # the verbs that open titles ("Cook", "Train driver", "Lead developer")
              "teach", "manage", "run", "write", "deliver", "handle", "deal",
              "drive", "install", "repair", "sell", "develop", "create", "ensure",
              "maintain", "organise", "organize", "prepare", "provide", "oversee", "answer",
              "assist", "liaise", "monitor", "coordinate", "look", "keep", "take", "make"}
# words that say a line names a qualification wherever they stand ("AMSPAR Diploma for
# Medical Secretaries"), not a job
QUALIFICATION_WORDS = {"diploma", "certificate", "degree", "nvq", "btec", "gcse", "gcses",
                       "qualification", "course", "licence", "license", "bootcamp"}
# a lead-in before a colon, or opening a title, that is no part of the job: "Before: warehouse
# operative", "Trade: plant operator", "Previously delivery driver for DPD"
LEAD_INS = {"before", "previously", "previous", "prior", "earlier", "formerly", "currently",
            "now", "then", "also", "trade", "role", "position", "job", "job title",
            "current role", "current position", "before that", "before uk", "since"}
# honorifics open a name line ("Dra. Mariana López — Médico Cirujano"), not a title
HONORIFICS = {"dr", "dra", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "madam"}
NAME_LINE = re.compile(r"\s+[\u2013\u2014|-]\s+|\s*\|\s*")   # "Jane Doe — Staff nurse"
# a line opening with a past-tense verb ("Valued houses and flats") or a verb and its object
# ("Run the monthly payroll") says what was done; these -ed words do open job titles
TITLE_ADJECTIVES = {"qualified", "registered", "certified", "chartered", "licensed",
                    "advanced", "experienced", "trained", "skilled", "retired", "accredited",
                    "enrolled", "unqualified", "dedicated", "motivated", "seasoned"}
DETERMINERS = {"the", "a", "an", "my", "our", "all", "their", "its", "his", "her", "this",
               "these", "every", "each"}
LINE_WORDS = 8            # words of a title's line read with it when the title alone is vague


def _heading(line: str) -> tuple[str | None, str]:
    """(heading, rest) when the line opens with a CV heading ("EDUCATION", "Skills: ...")."""
    head, sep, rest = line.partition(":")
    name = head.strip().strip("#*-= ").lower()
    if name in HEADINGS:
        return name, rest.strip() if sep else ""
    return None, line


def cv_titles(text: str, limit: int = 3) -> list[str]:
    """Job titles a CV opens its lines with ("Staff nurse, St Mary's Hospital")."""
    return [title for title, _ in cv_title_lines(text, limit)]


def cv_title_lines(text: str, limit: int = 3) -> list[tuple[str, str]]:
    """(job title, the line's first words) for the lines a CV opens with a title: the line
    says what the title alone may not ("General manager, 80-room city hotel")."""
    titles: list[tuple[str, str]] = []
    section: str | None = None
    bare_title_before = False      # the previous line held a title and nothing else
    first = True                   # the first line often names the person, then the job
    for raw in text.splitlines():
        heading, line = _heading(raw)
        if heading:
            section = heading
        if not line.strip():
            continue
        after_bare, bare_title_before = bare_title_before, False
        name_line, first = first and not heading, False
        if section and section not in WORK_HEADINGS and not heading:
            continue            # education, skills, references ...: no job titles here
        if after_bare or QUALIFICATION.match(line):
            continue            # the employer under a bare title; a degree or licence
        for part in _line_parts(line, name_line):
            found = _title_of(part)
            if found and found[0].lower() not in {t.lower() for t, _ in titles}:
                titles.append(found)
                bare_title_before = fold_line(part) == fold_line(found[0])
        if len(titles) >= limit:
            break
    return titles[:limit]


def _line_parts(line: str, name_line: bool) -> list[str]:
    """The line without a lead-in that names no job; none for a name line that opens with an
    honorific ("Dra. Mariana López — …": the job after the dash is ``cv_name_line``'s)."""
    if name_line and line.split()[0].strip(".").lower() in HONORIFICS:
        return []
    return [strip_lead_in(line)]


def cv_name_line(text: str) -> tuple[str, str, bool] | None:
    """(name, job title, honorific) for a first line that names the person and then the job
    ("Jane Doe — Staff nurse", "Dra. Mariana López — Médico Cirujano (UCV, 2012)"); the
    caller keeps the title only when the first part reads as no occupation (a name, not
    "Warehouse manager — XPO Logistics")."""
    line = next((raw.strip() for raw in text.splitlines() if raw.strip()), "")
    if _heading(line)[0]:
        return None
    parts = NAME_LINE.split(line, maxsplit=1)
    if len(parts) < 2 or not parts[0].strip():
        return None
    found = _title_of(parts[1])
    if not found:
        return None
    return parts[0].strip(), found[0], parts[0].split()[0].strip(".").lower() in HONORIFICS


def strip_lead_in(line: str) -> str:
    """"Before: warehouse operative" -> "warehouse operative"; "UK since 2022: Production
    Operative" (a short lead-in with a date); "Previously delivery driver" -> "delivery
    driver". Anything else is returned as it is."""
    head, sep, rest = line.partition(":")
    words = head.lower().split()
    if sep and rest.strip() and 0 < len(words) <= 4 and (
            " ".join(words).strip("*-• ") in LEAD_INS or any(ch.isdigit() for ch in head)):
        line = rest
    words = line.split()
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]).lower().strip(",") in LEAD_INS:
            return " ".join(words[n:])
    return line.strip()


def _title_of(line: str) -> tuple[str, str] | None:
    """(job title, the line's first words) when the line opens with a title."""
    m = TITLE_LINE.match(line)
    if not (m and 1 <= len(m.group(1).split()) <= 5):
        return None
    title = m.group(1).strip()
    words = title.lower().split()
    if words[0] in NOT_TITLES or describes_work(title) or QUALIFICATION_WORDS & set(words):
        return None
    qualifier = QUALIFIER.match(line, m.end(1))
    lead, rest = [], line
    if qualifier:           # "Machine Setter/Operator (Injection moulding)": what kind of work
        title = f"{title} ({qualifier.group(1).strip()})"
        lead, rest = title.split(), line[qualifier.end():]
    head = [w for w in lead + re.split(r"[(.;:]", rest)[0].split()
            if not any(ch.isdigit() for ch in w)]
    return title, " ".join(head[:LINE_WORDS]).strip(" ,-")


def describes_work(title: str) -> bool:
    """A would-be title that is a clause about the work: a past-tense verb first ("Valued
    houses and flats"), or a verb and its object ("Run the monthly payroll")."""
    words = title.lower().split()
    if len(words) >= 2 and words[1] in DETERMINERS:
        return True
    return (len(words) >= 2 and words[0].isalpha() and words[0].endswith("ed")
            and words[0] not in TITLE_ADJECTIVES)      # "Self-employed plasterer" is a title


def fold_line(text: str) -> str:
    """Lower case, punctuation and spaces folded: for comparing a line with its title."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())
