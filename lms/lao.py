"""Lao text helpers: the matching key, word segmentation, collation and digits.

Lao is written without spaces between words and the same visible word can be
stored in several code-point sequences, so search, de-duplication and sorting
all go through these functions rather than through plain ``str`` operations.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import icu
import phonenumbers
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

LAO_DIGITS = "໐໑໒໓໔໕໖໗໘໙"
_TO_ASCII_DIGITS = str.maketrans(LAO_DIGITS, "0123456789")
_TO_LAO_DIGITS = str.maketrans("0123456789", LAO_DIGITS)
_TONE_BEFORE_NIGGAHITA = re.compile("([\u0ec8-\u0ecb])\u0ecd")
_LAO_LETTER = re.compile("[\u0e80-\u0eff]")
_WHITESPACE = re.compile(r"\s+")


def lao_matching_key(text: str) -> str:
    """Return the key two spellings of the same Lao (or Latin) text share.

    For search and de-duplication only, never for display: NFKC (which splits
    ຳ into ໍ + າ and ໜ into ຫ + ນ), a tone mark before ໍ moved after it, ຫລ
    written as ຫຼ, Lao digits as ASCII, case folded and whitespace collapsed.
    """
    if not text:
        return ""
    key = unicodedata.normalize("NFKC", text)
    key = _TONE_BEFORE_NIGGAHITA.sub("\u0ecd\\1", key)
    key = key.replace("ຫລ", "ຫຼ")
    key = key.translate(_TO_ASCII_DIGITS).casefold()
    return _WHITESPACE.sub(" ", key).strip()


def contains_lao(text: str) -> bool:
    return bool(text and _LAO_LETTER.search(text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``, by ICU's dictionary-based Lao word breaker."""
    if not text:
        return []
    # A new iterator per call: ICU iterators hold the text and are not thread-safe.
    breaker = icu.BreakIterator.createWordInstance(icu.Locale("lo"))
    breaker.setText(text)
    spans, start = [], breaker.first()
    for end in breaker:
        word = text[start:end]
        if word.strip() and (word[0].isalnum() or contains_lao(word)):
            spans.append((start, end))
        start = end
    return spans


def segment_words(text: str) -> list[str]:
    """Split text into words with ICU's dictionary-based Lao word breaker."""
    return [text[start:end] for start, end in word_spans(text)]


# ໍ + າ, with a tone mark before, between or not at all: how ຳ is often typed.
_DECOMPOSED_AM = re.compile("([\u0ec8-\u0ecb]?)\u0ecd([\u0ec8-\u0ecb]?)\u0eb2")


def spelling_for_segmentation(text: str) -> str:
    """Write ໍ + າ as ຳ (tone mark first), the spelling ICU's Lao dictionary knows. A ໍ
    without າ (ບໍ່, ຕໍ່) keeps its tone mark after it, as the dictionary has those words."""
    return _DECOMPOSED_AM.sub("\\1\\2\u0eb3", unicodedata.normalize("NFC", text))


@cache
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(text: str, language: str = "lo") -> bytes:
    """An ICU collation key: Lao order puts ເ ແ ໂ ໃ ໄ words under their consonant."""
    return _collator(language).getSortKey(text or "")


def to_lao_digits(text: str) -> str:
    return str(text).translate(_TO_LAO_DIGITS)


def to_ascii_digits(text: str) -> str:
    """``text`` with Lao digits (໐–໙) read as 0–9, as typed-up paper forms often have them."""
    return str(text).translate(_TO_ASCII_DIGITS)


class InvalidPhoneNumber(ValueError):
    pass


def normalise_phone(raw: str) -> str:
    """Return a Lao or international phone number in E.164 form (+85620xxxxxxxx).

    Numbers written the Lao way (020 5555 1234, 20 5555 1234, with Lao digits)
    are read as Lao numbers; raises InvalidPhoneNumber for anything else.
    """
    text = (raw or "").translate(_TO_ASCII_DIGITS).strip()
    if not text:
        return ""
    digits = re.sub(r"\D", "", text)
    # Officials often drop the trunk 0 of a mobile number: "20 5555 1234".
    if not text.startswith("+") and len(digits) == 10 and digits.startswith(("20", "30")):
        text = "0" + digits
    try:
        number = phonenumbers.parse(text, "LA")
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Romanised spellings of one Lao sound, folded to one (applied in this order).
ROMANISED_VARIANTS = (
    ("ph", "p"),
    ("th", "t"),
    ("kh", "k"),
    ("ou", "u"),
    ("x", "s"),
    ("v", "w"),
    ("ie", "i"),
    ("y", "i"),
    ("ae", "e"),
    ("h", ""),
)
_NOT_A_LATIN_LETTER = re.compile(r"[^a-z]")
_DOUBLED_LETTER = re.compile(r"(.)\1+")


def romanised_key(name: str) -> str:
    """A loose key for romanised Lao names: spellings like Souksavanh/Suksavan agree."""
    key = _NOT_A_LATIN_LETTER.sub("", (name or "").casefold())
    for spelling, sound in ROMANISED_VARIANTS:
        key = key.replace(spelling, sound)
    # Doubled letters ("Phommachanh", "Phomachan") are a spelling habit, not a sound.
    return _DOUBLED_LETTER.sub(r"\1", key)


def phone_key(phone: str) -> str:
    """The phone as stored (E.164), or "" when missing or not a valid number."""
    try:
        return normalise_phone(phone)
    except InvalidPhoneNumber:
        return ""


def lossy_slug(title: str) -> str:
    """The slug Wagtail's editor makes of ``title`` with Unicode slugs on: it keeps letters and
    digits only, so Lao vowel signs and tone marks are dropped ("ການຄ້າ" -> "ການຄາ")."""
    dashed = re.sub(r"\s+", "-", title.strip()).lower()
    return "".join(ch for ch in dashed if ch.isalnum() or ch in "-_")


def lao_slug(title: str, max_length: int = 100) -> str:
    """A readable slug of a Lao title: whole words, vowel signs and tone marks kept, joined by
    hyphens, as many words as fit in ``max_length`` characters."""
    words = [
        re.sub(r"[^\w\u0e80-\u0eff-]", "", word.lower())
        for word in segment_words(to_ascii_digits(title))
    ]
    slug = ""
    for word in filter(None, words):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug


validate_lao_slug = RegexValidator(
    r"^[-\w\u0e80-\u0eff]+\Z",
    _(
        "Enter a valid slug: letters (Lao letters with their vowels and tone marks), numbers, "
        "underscores or hyphens."
    ),
    "invalid",
)


# Dates as typed in sheet headers ----------------------------------------------------------

# Month names as Lao officials write them (the Lao calendar months), then English.
LAO_MONTHS = (
    "ມັງກອນ",
    "ກຸມພາ",
    "ມີນາ",
    "ເມສາ",
    "ພຶດສະພາ",
    "ມິຖຸນາ",
    "ກໍລະກົດ",
    "ສິງຫາ",
    "ກັນຍາ",
    "ຕຸລາ",
    "ພະຈິກ",
    "ທັນວາ",
)
_ENGLISH_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


@cache
def _month_numbers() -> dict[str, int]:
    months = {lao_matching_key(name): number for number, name in enumerate(LAO_MONTHS, 1)}
    months.update({name: number for number, name in enumerate(_ENGLISH_MONTHS, 1)})
    return months


def _month(word: str) -> int | None:
    word = word.casefold().rstrip(".")
    months = _month_numbers()
    if word in months:
        return months[word]
    # "March", "Sept": an English month by its first three letters.
    return months.get(word[:3]) if word.isascii() and len(word) >= 3 else None


# "ວັນທີ" means "the date": "ວັນທີ 12/03" is 12 March, "ວັນທີ 1" the first of a month.
_DATE_WORD = re.compile(r"^(?:ວັນທີ|ວັນ|date)\s*", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?(?![\d/])")
# Latin and Lao letters with their vowel signs and tone marks (Lao digits are ASCII by now).
_LETTER = r"[a-z\u0e81-\u0ecf]"
_DAY_NAMED_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*[-/ ]?\s*({_LETTER}+\.?)(?:\s*[-/ ,]?\s*(\d{{4}}))?"
)
_NAMED_MONTH_DAY = re.compile(rf"({_LETTER}+\.?)\s*(\d{{1,2}})(?!\d)(?:\s*,?\s*(\d{{4}}))?")
_DAY_ONLY = re.compile(r"^(\d{1,2})(?!\s*[/.\-:]\s*\d)(?!\d)\s*(.*)$")


@dataclass(frozen=True)
class TypedDate:
    """A date as typed in a header: the day always; the month and year when written.

    ``day_first`` is False when the text could also be read month first (03/12), so the
    reader can say so rather than guess; ``rest`` is what follows (ເຊົ້າ, 08:00...).
    """

    day: int
    month: int | None = None
    year: int | None = None
    rest: str = ""
    # Both orders are possible dates: 03/12 is 3 December or, month first, 12 March.
    swappable: bool = False

    def readings(self) -> list[tuple[int, int]]:
        """(day, month) pairs the text can mean, the Lao reading (day first) first."""
        if self.month is None:
            return []
        pairs = [(self.day, self.month)]
        if self.swappable and self.month != self.day:
            pairs.append((self.month, self.day))
        return pairs


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def read_typed_date(text: str) -> TypedDate | None:
    """The date in a header as Lao trainers type it, or None: "ວັນທີ 12/03", "12/03/2018",
    "12.3.26", "2026-03-12", "12 ມີນາ", "12 March 2026", "March 12", "ວັນທີ 1" (a day
    alone), in Lao or ASCII digits. Nothing is checked against a calendar here."""
    key = lao_matching_key(text)
    if not key:
        return None
    has_date_word = bool(_DATE_WORD.match(key))
    key = _DATE_WORD.sub("", key)
    iso = _ISO.search(key)
    if iso:
        rest = (key[: iso.start()] + key[iso.end() :]).strip()
        return TypedDate(int(iso.group(3)), int(iso.group(2)), int(iso.group(1)), rest)
    numeric = _NUMERIC.search(key)
    if numeric:
        day, month = int(numeric.group(1)), int(numeric.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 31) or (day > 12 and month > 12):
            return None
        rest = (key[: numeric.start()] + key[numeric.end() :]).strip()
        if month > 12:
            # Only month first makes sense (03/12 written as 3/25 is not a date day first).
            day, month = month, day
            return TypedDate(day, month, _year(numeric.group(3)), rest)
        return TypedDate(day, month, _year(numeric.group(3)), rest, swappable=day <= 12)
    for pattern, day_group, month_group in ((_DAY_NAMED_MONTH, 1, 2), (_NAMED_MONTH_DAY, 2, 1)):
        for named in pattern.finditer(key):
            month = _month(named.group(month_group))
            day = int(named.group(day_group))
            if month and 1 <= day <= 31:
                rest = (key[: named.start()] + key[named.end() :]).strip()
                return TypedDate(day, month, _year(named.group(3)), rest)
    if has_date_word:
        alone = _DAY_ONLY.match(key)
        if alone and 1 <= int(alone.group(1)) <= 31:
            return TypedDate(int(alone.group(1)), rest=alone.group(2).strip())
    return None


# Answers ticked on paper: the Lao letters ກ ຂ ຄ ງ ຈ ສ name choices A B C D E F.
LAO_CHOICE_LETTERS = "ກຂຄງຈສ"
_TO_LATIN_CHOICES = str.maketrans(LAO_CHOICE_LETTERS, "ABCDEF")


def choice_letters(text: str) -> str:
    """Choice letters as typed on a paper form, Lao (ກ ຂ ຄ ງ) or Latin, as Latin capitals."""
    return lao_matching_key(text).translate(_TO_LATIN_CHOICES).upper()


# Syllables and the loose key (search fallback) --------------------------------------------

_LAO_CONSONANTS = frozenset(
    [chr(c) for c in range(0x0E81, 0x0EAF)] + [chr(c) for c in range(0x0EDC, 0x0EE0)]
)
_LAO_PREPOSED_VOWELS = frozenset("ເແໂໃໄ")
# Vowel signs above, below and after a consonant, tone marks and the other combining signs:
# a consonant followed by one of them carries its own vowel, so it begins a syllable.
_LAO_DEPENDENT = frozenset("ະັາຳິີຶືຸູົຼຽ່້໊໋໌ໍ")
# Consonants that close a syllable in Lao spelling (ກ ງ ດ ນ ບ ມ ຍ ວ).
_LAO_FINALS = frozenset("ກງດນບມຍວ")
# Second letters of an initial cluster: ຫ + sonorant (ຫວ, ຫລ...), consonant + ວ / ລ / ຣ.
_LAO_HO_CLUSTER = frozenset("ງຍນມລວຣ")
_LAO_MEDIALS = frozenset("ວລຣ")
# ອ and ວ with no vowel sign of their own are vowels (ບອກ, ສວນ): the consonant before them
# is the initial of their syllable.
_LAO_VOWEL_LETTERS = frozenset("ອວ")
_LAO_TONE_MARKS = re.compile("[\u0ec8-\u0ecc]")
_LAO_LOOSE_LETTERS = str.maketrans({"ໃ": "ໄ", "ຣ": "ລ"})
_LAO_OR_OTHER_RUN = re.compile(r"[\u0e80-\u0eff]+|[^\W_]+")


def _is_lao_syllable_start(text: str, i: int, has_vowel: bool, has_final: bool) -> bool:
    """Whether the consonant at ``text[i]`` begins a syllable (rather than closing one)."""
    following = text[i + 1] if i + 1 < len(text) else ""
    after = text[i + 2] if i + 2 < len(text) else ""
    if following in _LAO_DEPENDENT:
        return True
    if following in _LAO_VOWEL_LETTERS and after not in _LAO_DEPENDENT:
        return True
    if text[i] == "ຫ" and following in _LAO_HO_CLUSTER and after in _LAO_DEPENDENT:
        return True
    if following in _LAO_MEDIALS and after in _LAO_DEPENDENT:
        # ຄວາມ is one syllable, ສັນວ່າ two: a final consonant still free to close the
        # syllable before closes it.
        return not (has_vowel and not has_final and text[i] in _LAO_FINALS)
    return has_final


def lao_syllables(text: str) -> list[str]:
    """The Lao syllables of ``text`` by the rules of the script, other words whole.

    Lao syllables are an initial consonant (or cluster) with its vowel signs, tone mark
    and final consonant; the same word gives the same syllables alone and in a compound,
    which ICU's word breaks do not always do. For search only: loanwords and
    abbreviations may be cut differently from how they are read.
    """
    syllables = []
    for run in _LAO_OR_OTHER_RUN.findall(text or ""):
        if not contains_lao(run):
            syllables.append(run)
            continue
        current, has_vowel, has_final, needs_initial = "", False, False, False
        i = 0
        while i < len(run):
            char = run[i]
            if char in _LAO_PREPOSED_VOWELS:
                if current and not needs_initial:
                    syllables.append(current)
                    current = ""
                current += char
                has_vowel, has_final, needs_initial = True, False, True
            elif char in _LAO_CONSONANTS:
                if needs_initial:
                    current += char
                    needs_initial = False
                elif not current or _is_lao_syllable_start(run, i, has_vowel, has_final):
                    if current:
                        syllables.append(current)
                    current, has_vowel, has_final = char, False, False
                    following = run[i + 1] if i + 1 < len(run) else ""
                    if following in _LAO_HO_CLUSTER | _LAO_MEDIALS and (
                        run[i + 2 : i + 3] in _LAO_DEPENDENT and run[i + 2 : i + 3]
                    ):
                        current += following
                        i += 1
                    elif following in _LAO_VOWEL_LETTERS:
                        current += following
                        has_vowel = True
                        i += 1
                elif not has_vowel:
                    # A consonant after a bare one (ສປປ): read as one unit.
                    current += char
                elif has_final:
                    syllables.append(current)
                    current, has_vowel, has_final = char, False, False
                else:
                    # ເມືອງ, ເຄື່ອນ: ອ after ື is part of the vowel, not a final.
                    vowel_before = _LAO_TONE_MARKS.sub("", current)[-1:] in "ິີຶືົ"
                    has_final = not (char in _LAO_VOWEL_LETTERS and vowel_before)
                    current += char
            elif char in _LAO_DEPENDENT:
                current += char
                if char not in "່້໊໋໌ຼ":
                    has_vowel = True
            elif char == "ໆ":
                if current:
                    syllables.append(current)
                current, has_vowel, has_final, needs_initial = "", False, False, False
            else:
                if current:
                    syllables.append(current)
                syllables.append(char)
                current, has_vowel, has_final, needs_initial = "", False, False, False
            i += 1
        if current:
            syllables.append(current)
    return syllables


def lao_loose_key(text: str) -> str:
    """A looser key than ``lao_matching_key``, for a search fallback only: no tone marks,
    ເເ read as ແ, ໃ as ໄ and ຣ as ລ (spellings a hurried typist mixes up)."""
    key = lao_matching_key(text).replace("ເເ", "ແ")
    return _LAO_TONE_MARKS.sub("", key).translate(_LAO_LOOSE_LETTERS)
