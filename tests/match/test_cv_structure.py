"""CV structure and phrase rules that need no catalog (issue 12, fifth session)."""

from __future__ import annotations

from destinai.match.abbreviations import spelled_out
from destinai.match.cv import cv_name_line, cv_title_lines, strip_lead_in
from destinai.match.reading import cv_titles


def test_titles_in_any_script_are_titles() -> None:
    assert cv_titles("Médico general, Ambulatorio del Este, Caracas, 2013–2021") == [
        "Médico general"]
    assert cv_titles("Kindergärtnerin, Kita Sonnenschein (2019-2023)") == ["Kindergärtnerin"]


def test_a_lead_in_before_the_title_is_no_part_of_it() -> None:
    assert strip_lead_in("Before: warehouse operative (2017-2020)") == (
        "warehouse operative (2017-2020)")
    assert strip_lead_in("UK since 2022: Production Operative (agency)") == (
        "Production Operative (agency)")
    assert strip_lead_in("Previously delivery driver for DPD") == "delivery driver for DPD"
    # a long line with a date before its colon says what was done there: kept whole
    line = "Farm Worker, broiler unit (200,000 birds), Lincolnshire, 2019 - present: checks"
    assert strip_lead_in(line) == line
    assert cv_titles("Trade: Plant Operator Mechanic, Class 2\nBefore: warehouse operative") == [
        "Plant Operator Mechanic", "warehouse operative"]


def test_present_tense_work_and_qualifications_are_no_titles() -> None:
    cv = ("ADI, self-employed\nTeach learners in a dual-control car\n"
          "AMSPAR Diploma for Medical Secretaries\nHelp desk analyst, NHS trust")
    assert cv_titles(cv) == ["ADI", "Help desk analyst"]


def test_a_first_line_naming_the_person_gives_the_job_after_the_dash() -> None:
    assert cv_name_line("Jane Doe — Staff nurse\nExperience") == (
        "Jane Doe", "Staff nurse", False)
    assert cv_name_line("Dra. Mariana López — Médico Cirujano (UCV, 2012)\n") == (
        "Dra. Mariana López", "Médico Cirujano", True)
    assert cv_name_line("Staff nurse, St Mary's Hospital\n") is None
    # after an honorific the first part is a name, never a title
    assert [t for t, _ in cv_title_lines("Dr. Ann Lee — GP\nLocum GP, Leeds (2020-)")] == [
        "Locum GP"]


def test_abbreviations_are_spelled_out_as_esco_writes_them() -> None:
    assert spelled_out("IV lines") == "intravenous lines"
    assert spelled_out("IT strategy") == "ICT strategy"
    assert spelled_out("radio comms / voice procedure") == (
        "radio communications / voice procedure")
    assert spelled_out("it is fine") == "it is fine"     # acronyms in capitals only
    assert spelled_out("H&S w/ admin") == "health and safety with administration"


def test_a_bracketed_qualifier_after_a_title_stays_with_it() -> None:
    # the kind of machine is in the brackets: "Machine Setter/Operator" alone reads as any
    # machine's setter (swaging, fibre); dates in brackets are not a qualifier
    assert cv_titles("Machine Setter/Operator (Injection moulding), plastics factory, "
                     "2016 to 2025") == ["Machine Setter/Operator (Injection moulding)"]
    assert cv_titles("Staff nurse (ICU), St Mary's Hospital") == ["Staff nurse (ICU)"]
    assert cv_titles("Kindergärtnerin, Kita Sonnenschein (2019-2023)") == ["Kindergärtnerin"]
    assert cv_titles("Welder (2019-2023)") == ["Welder"]
