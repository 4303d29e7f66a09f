"""English articles for generated sentences ("an accountant", "a university lecturer").

Kept out of ``destinai.text`` (whose package imports numpy for TF-IDF) so that the CLI's text
renderers and the engines can share it without slowing every command's start.
"""

from __future__ import annotations

import re

# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(uni|use|usu|uti|ure|eu|ewe|one|once|ubiq|u[bcfhjkqrstnl][aeiou])",
                              re.IGNORECASE)
_VOWEL_SOUND = re.compile(r"^(hour|honest|honou?r|heir|herb)", re.IGNORECASE)
_VOWEL_LETTER_NAMES = set("AEFHILMNORSX")  # letters whose names start with a vowel sound


def article(phrase: str) -> str:
    """'a' or 'an' for ``phrase`` ("an accountant", "a university lecturer", "an ICT
    analyst", "a European affairs officer", "an hourly worker")."""
    word = phrase.strip().split(" ")[0] if phrase.strip() else ""
    if not word:
        return "a"
    letters = re.sub(r"[^A-Za-z]", "", word)
    if len(letters) >= 2 and letters.isupper():  # an acronym, read letter by letter
        return "an" if letters[0] in _VOWEL_LETTER_NAMES else "a"
    if _VOWEL_SOUND.match(word):
        return "an"
    if _CONSONANT_SOUND.match(word):
        return "a"
    return "an" if word[:1].lower() in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """``phrase`` preceded by its indefinite article."""
    return f"{article(phrase)} {phrase}"
