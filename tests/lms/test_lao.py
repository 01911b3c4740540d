import pytest

from lms.lao import (
    InvalidPhoneNumber,
    lao_matching_key,
    normalise_phone,
    segment_words,
    sort_key,
    to_ascii_digits,
    to_lao_digits,
)
from lms.search_backend import search_words


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ນ້ຳ", "ນໍ້າ"),  # precomposed ຳ vs ໍ + າ, tone mark before or after ໍ
        ("ກຳນົດ", "ກໍານົດ"),  # ຳ vs ໍາ
        ("ໜ້າທີ່", "ຫນ້າທີ່"),  # ໜ ligature vs ຫ + ນ
        ("ໝາຍ", "ຫມາຍ"),
        ("ຫລວງພະບາງ", "ຫຼວງພະບາງ"),  # ຫລ vs ຫຼ
        ("ປີ ໒໐໑໖", "ປີ 2016"),  # Lao digits
        ("ສົມພອນ   ສີສຸລາດ", "ສົມພອນ ສີສຸລາດ"),
        ("Somphone SISOULATH", "somphone sisoulath"),
    ],
)
def test_matching_key_merges_spellings_of_the_same_text(one, other):
    assert lao_matching_key(one) == lao_matching_key(other)


def test_matching_key_keeps_different_words_apart():
    # ຄ່າ (fee) and ຄ້າ (trade) differ only by the tone mark.
    assert lao_matching_key("ຄ່າ") != lao_matching_key("ຄ້າ")


def test_lao_sentence_is_segmented_into_words():
    assert segment_words("ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳ") == ["ການຄ້າ", "ມະນຸດ", "ແມ່ນ", "ອາຊະຍາກຳ"]


def test_search_words_are_the_same_for_both_spellings():
    assert search_words("ອາຊະຍາກຳທີ່ຮ້າຍແຮງ") == search_words("ອາຊະຍາກໍາທີ່ຮ້າຍແຮງ")
    assert search_words("Article 41 ແລະ ມາດຕາ 2") == "article 41 ແລະ ມາດຕາ 2"


def test_lao_collation_sorts_preposed_vowels_under_their_consonant():
    words = ["ໄຊຍະບູລີ", "ຂອງ", "ເກືອ", "ກາງ", "ແຂວງ"]
    assert sorted(words, key=sort_key) == ["ກາງ", "ເກືອ", "ຂອງ", "ແຂວງ", "ໄຊຍະບູລີ"]
    # Python's code-point order puts every ເ ແ ໂ ໃ ໄ word last.
    assert sorted(words) != sorted(words, key=sort_key)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("020 5555 1234", "+8562055551234"),
        ("20 5555 1234", "+8562055551234"),
        ("+856 20 5555 1234", "+8562055551234"),
        ("00856-20-5555-1234", "+8562055551234"),
        ("໐໒໐ ໕໕໕໕ ໑໒໓໔", "+8562055551234"),
        ("021 212 345", "+85621212345"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12", "020 555", "not a phone", "+66 2 000"])
def test_invalid_phone_numbers_are_rejected(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(raw)


def test_digits_can_be_written_in_lao_script():
    assert to_lao_digits("2016") == "໒໐໑໖"
    assert to_ascii_digits("໘໕,5%") == "85,5%"


def test_spelling_for_segmentation_writes_am_as_one_letter_and_keeps_bo_as_typed():
    from lms.lao import spelling_for_segmentation, word_spans

    assert spelling_for_segmentation("ນ້ໍາ") == spelling_for_segmentation("ນໍ້າ") == "ນ້ຳ"
    assert spelling_for_segmentation("ດໍາເນີນ") == "ດຳເນີນ"
    # ໍ without າ keeps its tone mark after it: ICU's dictionary knows ບໍ່ and ເຂົາເຈົ້າ so.
    text = spelling_for_segmentation("ເຂົາເຈົ້າບໍ່ມາ")
    assert text == "ເຂົາເຈົ້າບໍ່ມາ"
    assert [text[a:b] for a, b in word_spans(text)] == ["ເຂົາເຈົ້າ", "ບໍ່", "ມາ"]
