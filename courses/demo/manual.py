"""Demo content: the bilingual training manual (8 core chapters) and its glossary.

The English manual is the source; the Lao pages are real translations of it
(``publish_translation``), block for block with the same block ids, so the
side-by-side view pairs them. Idempotent: pages are found by slug and updated.
"""

import csv
import json
import uuid

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from courses.models import GlossaryTerm, ManualChapterPage, ManualPage, ManualSectionPage
from lms.demo import publish_translation, upsert_child
from lms.models import HomePage, Sector

LAW = {
    "en": "Law on Anti-Trafficking in Persons (2016)",
    "lo": "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ (2016)",
}
PENAL_CODE = {"en": "Penal Code (2017)", "lo": "ປະມວນກົດໝາຍອາຍາ (2017)"}
ARTICLE_2 = {
    "en": (
        "Trafficking in persons means the recruitment, moving, transfer, harbouring or receipt "
        "of persons within or across national borders by means of deception, threats, force, "
        "debt bondage or other means, for the purpose of forced labour, prostitution, "
        "pornography, sham marriage, adoption, pregnancy, begging, the removal of organs or "
        "any other form of exploitation."
    ),
    "lo": (
        "ການຄ້າມະນຸດ ແມ່ນ ການຊອກຫາ, ການເຄື່ອນຍ້າຍ, ການສົ່ງຕໍ່, ການໃຫ້ທີ່ພັກເຊື່ອງ ຫຼື "
        "ການຮັບເອົາບຸກຄົນ ພາຍໃນປະເທດ ຫຼື ຂ້າມຊາຍແດນ ດ້ວຍການຫຼອກລວງ, ການນາບຂູ່, "
        "ການໃຊ້ກຳລັງ, ການຜູກມັດດ້ວຍໜີ້ສິນ ຫຼື ວິທີອື່ນ ເພື່ອບັງຄັບໃຊ້ແຮງງານ, ຄ້າປະເວນີ, "
        "ຮູບລາມົກ, ແຕ່ງດອງແອບແຝງ, ຮັບເອົາເປັນລູກລ້ຽງ, ຖືພາ, ຂໍທານ, ເອົາອະໄວຍະວະ "
        "ຫຼື ການຂູດຮີດໃນຮູບແບບອື່ນ."
    ),
}
ARTICLE_41 = {
    "en": (
        "Officials who meet a person who may be a victim of trafficking shall identify them, "
        "refer them without delay to the bodies responsible for protection and assistance, "
        "and ensure their safety, health care, counselling and return to their family and "
        "community."
    ),
    "lo": (
        "ເຈົ້າໜ້າທີ່ທີ່ພົບບຸກຄົນທີ່ອາດເປັນຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ ຕ້ອງລະບຸຕົວ, "
        "ສົ່ງຕໍ່ໂດຍບໍ່ຊັກຊ້າ ໃຫ້ອົງການທີ່ຮັບຜິດຊອບການປົກປ້ອງ ແລະ ການຊ່ວຍເຫຼືອ, ແລະ "
        "ຮັບປະກັນຄວາມປອດໄພ, ການປິ່ນປົວສຸຂະພາບ, ການໃຫ້ຄຳປຶກສາ ແລະ "
        "ການກັບຄືນສູ່ຄອບຄົວ ແລະ ຊຸມຊົນ."
    ),
}


def _law(article_text, article="2", law=LAW):
    return {
        lang: {"law": law[lang], "article": article, "text": article_text[lang], "link": ""}
        for lang in ("en", "lo")
    }


def _both(en, lo):
    return {"en": en, "lo": lo}


def _heading(en, lo):
    return ("heading", _both({"text": en, "level": "h2"}, {"text": lo, "level": "h2"}))


def _text(en, lo):
    return ("paragraph", _both(en, lo))


def _callout(kind, en_title, en_body, lo_title, lo_body):
    return (
        "callout",
        _both(
            {"kind": kind, "title": en_title, "body": en_body},
            {"kind": kind, "title": lo_title, "body": lo_body},
        ),
    )


def _case(en, lo):
    """(title, scenario, [questions], trainer notes) in each language."""
    return (
        "case_study",
        {
            lang: {
                "title": value[0],
                "scenario": value[1],
                "questions": value[2],
                "trainer_notes": value[3],
            }
            for lang, value in (("en", en), ("lo", lo))
        },
    )


def _terms(*terms_en):
    return ("key_terms", {"terms": list(terms_en)})


CHAPTERS = [
    {
        "slug": "concepts-and-legal-framework",
        "en": {
            "title": "Trafficking in persons: concepts and the Lao legal framework",
            "summary": (
                "What trafficking in persons is under Lao law, how it differs from smuggling, "
                "and where the offence and its penalties are written."
            ),
        },
        "lo": {
            "title": "ການຄ້າມະນຸດ: ແນວຄິດ ແລະ ກອບກົດໝາຍຂອງລາວ",
            "summary": (
                "ການຄ້າມະນຸດ ແມ່ນຫຍັງຕາມກົດໝາຍລາວ, ແຕກຕ່າງຈາກການລັກລອບນຳຄົນເຂົ້າເມືອງແນວໃດ "
                "ແລະ ການກະທຳຜິດ ພ້ອມທັງໂທດ ຖືກກຳນົດໄວ້ໃສ."
            ),
        },
        "blocks": [
            _heading("Three elements: act, means, purpose", "ສາມອົງປະກອບ: ການກະທຳ, ວິທີການ, ຈຸດປະສົງ"),
            _text(
                "<p>Trafficking in persons has three elements: an <b>act</b> (recruiting, "
                "moving, harbouring or receiving a person), a <b>means</b> (deception, threats, "
                "force, abuse of power or debt) and a <b>purpose</b> of exploitation. Smuggling "
                "is a crime against the state's borders; trafficking is a crime against a "
                "person, and it can happen without crossing any border.</p>",
                "<p>ການຄ້າມະນຸດ ມີສາມອົງປະກອບ: <b>ການກະທຳ</b> (ການຊອກຫາ, ການເຄື່ອນຍ້າຍ, "
                "ການໃຫ້ທີ່ພັກເຊື່ອງ ຫຼື ການຮັບເອົາບຸກຄົນ), <b>ວິທີການ</b> (ການຫຼອກລວງ, "
                "ການນາບຂູ່, ການໃຊ້ກຳລັງ, ການໃຊ້ອຳນາດໃນທາງທີ່ຜິດ ຫຼື ໜີ້ສິນ) ແລະ "
                "<b>ຈຸດປະສົງ</b> ເພື່ອການຂູດຮີດ. ການລັກລອບນຳຄົນເຂົ້າເມືອງ ແມ່ນອາຊະຍາກຳຕໍ່ຊາຍແດນຂອງລັດ; "
                "ການຄ້າມະນຸດ ແມ່ນອາຊະຍາກຳຕໍ່ບຸກຄົນ ແລະ ອາດເກີດຂຶ້ນໂດຍບໍ່ຂ້າມຊາຍແດນເລີຍ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_2, "2")),
            _callout(
                "note",
                "Broader than the Palermo Protocol",
                "<p>Article 2 also names sham marriage, adoption, pregnancy, begging and "
                "pornography as purposes of trafficking. Use the Lao definition in Lao cases.</p>",
                "ກວ້າງກວ່າພິທີສານປາແລກໂມ",
                "<p>ມາດຕາ 2 ຍັງລະບຸ ການແຕ່ງດອງແອບແຝງ, ການຮັບເອົາເປັນລູກລ້ຽງ, ການຖືພາ, "
                "ການຂໍທານ ແລະ ຮູບລາມົກ ເປັນຈຸດປະສົງຂອງການຄ້າມະນຸດ. "
                "ໃຫ້ນຳໃຊ້ຄຳນິຍາມຂອງລາວ ໃນຄະດີຢູ່ລາວ.</p>",
            ),
            _case(
                (
                    "Work in a garment factory",
                    "<p>Noy, 24, pays a recruiter to find her work in a garment factory in "
                    "Bangkok. On arrival her passport is taken and she is told she owes "
                    "three months' wages for the journey.</p>",
                    [
                        "Which act, means and purpose can you identify?",
                        "Is Noy's consent to travel relevant?",
                    ],
                    "<p>Act: recruitment and transfer. Means: deception and debt bondage. "
                    "Purpose: labour exploitation. Consent obtained by deception is void.</p>",
                ),
                (
                    "ວຽກໃນໂຮງງານຕັດຫຍິບ",
                    "<p>ນ້ອຍ ອາຍຸ 24 ປີ ຈ່າຍເງິນໃຫ້ນາຍໜ້າ ເພື່ອຫາວຽກໃນໂຮງງານຕັດຫຍິບ "
                    "ຢູ່ບາງກອກ. ເມື່ອໄປຮອດ ໜັງສືຜ່ານແດນຂອງນາງຖືກຍຶດ ແລະ "
                    "ນາງຖືກບອກວ່າ ນາງເປັນໜີ້ຄ່າເດີນທາງ ເທົ່າກັບຄ່າແຮງງານສາມເດືອນ.</p>",
                    [
                        "ທ່ານເຫັນການກະທຳ, ວິທີການ ແລະ ຈຸດປະສົງ ອັນໃດແດ່?",
                        "ການທີ່ນ້ອຍຍິນຍອມເດີນທາງ ມີຜົນຕໍ່ຄະດີບໍ?",
                    ],
                    "<p>ການກະທຳ: ການຊອກຫາ ແລະ ການສົ່ງຕໍ່. ວິທີການ: ການຫຼອກລວງ ແລະ "
                    "ການຜູກມັດດ້ວຍໜີ້ສິນ. ຈຸດປະສົງ: ການຂູດຮີດແຮງງານ. "
                    "ການຍິນຍອມທີ່ໄດ້ມາດ້ວຍການຫຼອກລວງ ບໍ່ມີຜົນທາງກົດໝາຍ.</p>",
                ),
            ),
            _terms(
                "trafficking in persons",
                "law on anti-trafficking in persons",
                "exploitation",
                "sham marriage",
            ),
        ],
        "sections": [
            {
                "slug": "penalties",
                "en": {"title": "Penalties under the Penal Code"},
                "lo": {"title": "ໂທດຕາມປະມວນກົດໝາຍອາຍາ"},
                "blocks": [
                    _text(
                        "<p>The Law on Anti-Trafficking in Persons defines the offence; the "
                        "penalties are in Article 215 of the Penal Code. Courts impose heavier "
                        "penalties where the victim is a child.</p>",
                        "<p>ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ກຳນົດການກະທຳຜິດ; ໂທດ ແມ່ນຢູ່ໃນ "
                        "ມາດຕາ 215 ຂອງປະມວນກົດໝາຍອາຍາ. ສານລົງໂທດໜັກຂຶ້ນ "
                        "ເມື່ອຜູ້ຖືກເຄາະຮ້າຍເປັນເດັກ.</p>",
                    ),
                    (
                        "table",
                        _both(
                            {
                                "caption": "Penal Code Article 215",
                                "table": {
                                    "first_row_is_table_header": True,
                                    "first_col_is_header": False,
                                    "table_header_choice": "row",
                                    "data": [
                                        ["Offence", "Prison term"],
                                        ["Trafficking in persons", "5 to 15 years and a fine"],
                                        ["Victim is a child", "Higher fine"],
                                    ],
                                },
                            },
                            {
                                "caption": "ປະມວນກົດໝາຍອາຍາ ມາດຕາ 215",
                                "table": {
                                    "first_row_is_table_header": True,
                                    "first_col_is_header": False,
                                    "table_header_choice": "row",
                                    "data": [
                                        ["ການກະທຳຜິດ", "ໂທດຈຳຄຸກ"],
                                        ["ການຄ້າມະນຸດ", "5 ຫາ 15 ປີ ແລະ ປັບໃໝ"],
                                        ["ຜູ້ຖືກເຄາະຮ້າຍເປັນເດັກ", "ປັບໃໝສູງຂຶ້ນ"],
                                    ],
                                },
                            },
                        ),
                    ),
                    _terms("Penal Code", "criminal case"),
                ],
            }
        ],
    },
    {
        "slug": "trafficking-patterns",
        "en": {
            "title": "Trafficking patterns in and from Lao PDR",
            "summary": (
                "Where Lao victims are exploited, how recruiters reach them and why debt "
                "keeps them there."
            ),
        },
        "lo": {
            "title": "ຮູບແບບການຄ້າມະນຸດ ພາຍໃນ ແລະ ຈາກ ສປປ ລາວ",
            "summary": (
                "ຜູ້ຖືກເຄາະຮ້າຍຊາວລາວ ຖືກຂູດຮີດຢູ່ໃສ, ນາຍໜ້າເຂົ້າຫາເຂົາເຈົ້າແນວໃດ ແລະ ເປັນຫຍັງໜີ້ສິນ ຈຶ່ງຜູກມັດເຂົາເຈົ້າໄວ້."
            ),
        },
        "blocks": [
            _heading("Labour migration and exploitation", "ການເຄື່ອນຍ້າຍແຮງງານ ແລະ ການຂູດຮີດ"),
            _text(
                "<p>Most Lao victims identified abroad were recruited for work in Thailand: "
                "in factories, farms, domestic work, entertainment venues and on fishing "
                "boats. Recruiters are often neighbours or relatives. They charge a broker "
                "fee that grows into a debt the worker can never repay.</p>",
                "<p>ຜູ້ຖືກເຄາະຮ້າຍຊາວລາວ ທີ່ຖືກລະບຸຕົວຢູ່ຕ່າງປະເທດ ສ່ວນຫຼາຍຖືກຊັກຊວນໄປເຮັດວຽກ "
                "ຢູ່ປະເທດໄທ: ໃນໂຮງງານ, ສວນ, ວຽກບ້ານ, ຮ້ານບັນເທີງ ແລະ ເຮືອຫາປາ. "
                "ນາຍໜ້າ ມັກເປັນເພື່ອນບ້ານ ຫຼື ຍາດພີ່ນ້ອງ. ເຂົາເຈົ້າເກັບຄ່ານາຍໜ້າ "
                "ທີ່ກາຍເປັນໜີ້ສິນ ທີ່ຄົນງານບໍ່ສາມາດໃຊ້ຄືນໄດ້.</p>",
            ),
            _heading("Sham marriage", "ການແຕ່ງດອງແອບແຝງ"),
            _text(
                "<p>Young Lao women are also recruited for marriage abroad. Brokers promise "
                "a wealthy husband and payments to the family; the bride is then held in "
                "domestic servitude or forced to bear children. Lao law counts sham "
                "marriage as trafficking.</p>",
                "<p>ແມ່ຍິງລາວໄວໜຸ່ມ ຍັງຖືກຊັກຊວນໄປແຕ່ງງານຢູ່ຕ່າງປະເທດ. ນາຍໜ້າ "
                "ສັນຍາວ່າຈະໄດ້ຜົວທີ່ຮັ່ງມີ ແລະ ຈະມີເງິນໃຫ້ຄອບຄົວ; ຫຼັງຈາກນັ້ນ "
                "ເຈົ້າສາວຖືກກັກຂັງໃຫ້ເຮັດວຽກບ້ານ ຫຼື ຖືກບັງຄັບໃຫ້ມີລູກ. "
                "ກົດໝາຍລາວ ຖືວ່າການແຕ່ງດອງແອບແຝງ ແມ່ນການຄ້າມະນຸດ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_2, "2")),
            _case(
                (
                    "Eighteen months on a fishing boat",
                    "<p>Khamla, 19, was promised factory work. He was taken to a port and "
                    "put on a fishing boat, where he worked eighteen months without pay to "
                    "clear a broker fee of 30,000 baht.</p>",
                    [
                        "Which facts show debt bondage?",
                        "Who in the recruitment chain could be prosecuted in Lao PDR?",
                    ],
                    "<p>Point out that the Lao recruiter who sent him can be prosecuted at "
                    "home even if the exploitation happened abroad.</p>",
                ),
                (
                    "ສິບແປດເດືອນ ຢູ່ເຮືອຫາປາ",
                    "<p>ຄຳຫຼ້າ ອາຍຸ 19 ປີ ຖືກສັນຍາວ່າຈະໄດ້ເຮັດວຽກໂຮງງານ. ລາວຖືກພາໄປທ່າເຮືອ "
                    "ແລະ ຖືກສົ່ງຂຶ້ນເຮືອຫາປາ, ບ່ອນທີ່ລາວເຮັດວຽກສິບແປດເດືອນ ໂດຍບໍ່ໄດ້ຮັບຄ່າຈ້າງ "
                    "ເພື່ອໃຊ້ຄ່ານາຍໜ້າ 30.000 ບາດ.</p>",
                    [
                        "ຂໍ້ເທັດຈິງໃດ ສະແດງເຖິງການຜູກມັດດ້ວຍໜີ້ສິນ?",
                        "ຜູ້ໃດໃນຂະບວນການຊັກຊວນ ທີ່ອາດຖືກດຳເນີນຄະດີຢູ່ ສປປ ລາວ?",
                    ],
                    "<p>ຊີ້ໃຫ້ເຫັນວ່າ ນາຍໜ້າຊາວລາວ ທີ່ສົ່ງເຂົາໄປ ສາມາດຖືກດຳເນີນຄະດີຢູ່ ສປປ ລາວ "
                    "ເຖິງແມ່ນວ່າການຂູດຮີດ ເກີດຂຶ້ນຢູ່ຕ່າງປະເທດ.</p>",
                ),
            ),
            _terms("labour exploitation", "debt bondage", "deception / fraud", "sham marriage"),
        ],
    },
    {
        "slug": "indicators-and-identification",
        "en": {
            "title": "Indicators of trafficking and victim identification",
            "summary": "Signs that a person may be a victim, and what the law asks you to do next.",
        },
        "lo": {
            "title": "ຕົວຊີ້ບອກການຄ້າມະນຸດ ແລະ ການລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ",
            "summary": "ສັນຍານທີ່ບອກວ່າ ບຸກຄົນໃດໜຶ່ງອາດເປັນຜູ້ຖືກເຄາະຮ້າຍ ແລະ ກົດໝາຍໃຫ້ທ່ານເຮັດຫຍັງຕໍ່.",
        },
        "blocks": [
            _heading("Indicators", "ຕົວຊີ້ບອກ"),
            _text(
                "<p>No single sign proves trafficking. Look for several together:</p>"
                "<ul><li>someone else holds the person's passport or identity card;</li>"
                "<li>the person owes a debt to the employer or recruiter;</li>"
                "<li>the person cannot leave the workplace or speak alone;</li>"
                "<li>the person is a child travelling without a parent.</li></ul>",
                "<p>ບໍ່ມີສັນຍານດຽວ ທີ່ພິສູດໄດ້ວ່າເປັນການຄ້າມະນຸດ. ໃຫ້ເບິ່ງຫຼາຍສັນຍານພ້ອມກັນ:</p>"
                "<ul><li>ມີຄົນອື່ນຖືໜັງສືຜ່ານແດນ ຫຼື ບັດປະຈຳຕົວ ຂອງບຸກຄົນນັ້ນ;</li>"
                "<li>ບຸກຄົນນັ້ນເປັນໜີ້ນາຍຈ້າງ ຫຼື ນາຍໜ້າ;</li>"
                "<li>ບຸກຄົນນັ້ນອອກຈາກບ່ອນເຮັດວຽກບໍ່ໄດ້ ຫຼື ເວົ້າລົມຜູ້ດຽວບໍ່ໄດ້;</li>"
                "<li>ບຸກຄົນນັ້ນເປັນເດັກ ທີ່ເດີນທາງໂດຍບໍ່ມີພໍ່ແມ່.</li></ul>",
            ),
            ("legal_provision", _law(ARTICLE_41, "41")),
            (
                "video",
                _both(
                    {
                        "title": "Identification at a border checkpoint",
                        "url": "https://www.youtube.com/watch?v=charj-border-identification",
                        "duration": "4:30",
                        "transcript": (
                            "<p>An immigration officer at the checkpoint notices that a "
                            "young woman does not hold her own passport. He asks to speak "
                            "with her alone, in Lao, and calls the anti-trafficking unit.</p>"
                        ),
                    },
                    {
                        "title": "ການລະບຸຕົວ ຢູ່ດ່ານຊາຍແດນ",
                        "url": "https://www.youtube.com/watch?v=charj-border-identification",
                        "duration": "4:30",
                        "transcript": (
                            "<p>ເຈົ້າໜ້າທີ່ກວດຄົນເຂົ້າເມືອງ ຢູ່ດ່ານຊາຍແດນ ສັງເກດເຫັນວ່າ "
                            "ຍິງໜຸ່ມຄົນໜຶ່ງ ບໍ່ໄດ້ຖືໜັງສືຜ່ານແດນຂອງຕົນເອງ. ເຈົ້າໜ້າທີ່ຂໍລົມກັບນາງ "
                            "ຜູ້ດຽວ ເປັນພາສາລາວ ແລະ ແຈ້ງໃຫ້ໜ່ວຍງານຕ້ານການຄ້າມະນຸດ.</p>"
                        ),
                    },
                ),
            ),
            _case(
                (
                    "A group at the checkpoint",
                    "<p>Five young women cross at a border checkpoint with one man who "
                    "holds all their passports and answers every question for them.</p>",
                    ["Which indicators are present?", "What should the officer do first?"],
                    "<p>Separate the women from the man politely; interview each one alone "
                    "with a female officer if possible.</p>",
                ),
                (
                    "ກຸ່ມຄົນຢູ່ດ່ານ",
                    "<p>ຍິງໜຸ່ມຫ້າຄົນ ຂ້າມດ່ານຊາຍແດນ ພ້ອມກັບຜູ້ຊາຍຄົນໜຶ່ງ ທີ່ຖືໜັງສືຜ່ານແດນ "
                    "ຂອງທຸກຄົນ ແລະ ຕອບທຸກຄຳຖາມແທນເຂົາເຈົ້າ.</p>",
                    ["ມີຕົວຊີ້ບອກອັນໃດແດ່?", "ເຈົ້າໜ້າທີ່ຄວນເຮັດຫຍັງກ່ອນ?"],
                    "<p>ແຍກແມ່ຍິງອອກຈາກຜູ້ຊາຍຢ່າງສຸພາບ; ສຳພາດແຕ່ລະຄົນຕ່າງຫາກ ໂດຍມີເຈົ້າໜ້າທີ່ຍິງ ຖ້າເປັນໄປໄດ້.</p>",
                ),
            ),
            _terms("victim identification", "victim", "interview", "police"),
        ],
    },
    {
        "slug": "victim-centred-approaches",
        "en": {
            "title": "Victim-centred and trauma-informed approaches",
            "summary": "Treat victims as people with rights, not as evidence, at every step.",
        },
        "lo": {
            "title": "ວິທີການທີ່ເອົາຜູ້ຖືກເຄາະຮ້າຍເປັນໃຈກາງ ແລະ ຄຳນຶງເຖິງບາດແຜທາງຈິດໃຈ",
            "summary": "ປະຕິບັດຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ ເປັນຄົນທີ່ມີສິດ, ບໍ່ແມ່ນເປັນພຽງຫຼັກຖານ, ໃນທຸກຂັ້ນຕອນ.",
        },
        "blocks": [
            _text(
                "<p>People who were trafficked have often lived with fear, violence and "
                "shame for months. Trauma affects memory: a victim may tell events out of "
                "order or change details. This is not a sign of lying.</p>",
                "<p>ຄົນທີ່ຖືກຄ້າມະນຸດ ມັກໄດ້ຢູ່ກັບຄວາມຢ້ານ, ຄວາມຮຸນແຮງ ແລະ ຄວາມອັບອາຍ "
                "ເປັນເວລາຫຼາຍເດືອນ. ບາດແຜທາງຈິດໃຈ ມີຜົນຕໍ່ຄວາມຈຳ: ຜູ້ຖືກເຄາະຮ້າຍ "
                "ອາດເລົ່າເຫດການບໍ່ຕາມລຳດັບ ຫຼື ປ່ຽນລາຍລະອຽດ. ນີ້ບໍ່ແມ່ນສັນຍານຂອງການຕົວະ.</p>",
            ),
            _callout(
                "warning",
                "Do not interview the same victim again and again",
                "<p>Every repeated interview makes the victim relive the events. Agree the "
                "questions with the prosecutor and record the interview once.</p>",
                "ຢ່າສຳພາດຜູ້ຖືກເຄາະຮ້າຍຄົນດຽວກັນຊ້ຳແລ້ວຊ້ຳອີກ",
                "<p>ການສຳພາດຊ້ຳແຕ່ລະເທື່ອ ເຮັດໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ ຕ້ອງຜ່ານເຫດການນັ້ນຄືນໃໝ່. "
                "ໃຫ້ຕົກລົງຄຳຖາມກັບໄອຍະການ ແລະ ບັນທຶກການສຳພາດພຽງຄັ້ງດຽວ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_41, "41")),
            _case(
                (
                    "A statement that changes",
                    "<p>In her second statement, Vanna gives a different date for her "
                    "departure and now says the recruiter was her aunt.</p>",
                    ["How should the investigator respond?"],
                    "<p>Explain that inconsistent details are common after trauma; look "
                    "for corroborating evidence rather than doubting the victim.</p>",
                ),
                (
                    "ຄຳໃຫ້ການທີ່ປ່ຽນໄປ",
                    "<p>ໃນຄຳໃຫ້ການຄັ້ງທີສອງ ວັນນາ ບອກວັນທີອອກເດີນທາງຕ່າງຈາກເທື່ອກ່ອນ "
                    "ແລະ ຕອນນີ້ບອກວ່າ ນາຍໜ້າແມ່ນປ້າຂອງນາງເອງ.</p>",
                    ["ເຈົ້າໜ້າທີ່ສືບສວນ ຄວນຕອບສະໜອງແນວໃດ?"],
                    "<p>ອະທິບາຍວ່າ ລາຍລະອຽດທີ່ບໍ່ກົງກັນ ເປັນເລື່ອງປົກກະຕິຫຼັງຈາກບາດແຜທາງຈິດໃຈ; "
                    "ໃຫ້ຊອກຫາຫຼັກຖານອື່ນມາຢັ້ງຢືນ ແທນທີ່ຈະສົງໄສຜູ້ຖືກເຄາະຮ້າຍ.</p>",
                ),
            ),
            _terms("victim", "interview", "counselling", "protection"),
        ],
    },
    {
        "slug": "referral-and-protection",
        "en": {
            "title": "Referral and protection",
            "summary": "From the first contact to shelter, assistance and reintegration.",
        },
        "lo": {
            "title": "ການສົ່ງຕໍ່ ແລະ ການປົກປ້ອງ",
            "summary": "ແຕ່ການພົບກັນຄັ້ງທຳອິດ ຈົນເຖິງສູນພັກພິງ, ການຊ່ວຍເຫຼືອ ແລະ ການເຊື່ອມໂຍງຄືນສູ່ສັງຄົມ.",
        },
        "blocks": [
            _heading("The referral chain", "ລະບົບການສົ່ງຕໍ່"),
            _text(
                "<p>Under the National Referral Mechanism, the official who identifies a "
                "victim contacts the provincial social welfare office or the Lao Women's "
                "Union. They arrange a shelter, medical care, counselling and, later, "
                "reintegration with the family or vocational training.</p>",
                "<p>ຕາມກົນໄກການສົ່ງຕໍ່ແຫ່ງຊາດ, ເຈົ້າໜ້າທີ່ທີ່ລະບຸຕົວຜູ້ຖືກເຄາະຮ້າຍ "
                "ຕິດຕໍ່ພະແນກແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມແຂວງ ຫຼື ສະຫະພັນແມ່ຍິງລາວ. "
                "ເຂົາເຈົ້າຈັດຫາສູນພັກພິງ, ການປິ່ນປົວ, ການໃຫ້ຄຳປຶກສາ ແລະ ຕໍ່ມາ "
                "ການເຊື່ອມໂຍງຄືນສູ່ຄອບຄົວ ຫຼື ການຝຶກວິຊາຊີບ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_41, "41")),
            _callout(
                "good_practice",
                "Keep a referral card in your pocket",
                "<p>Write the telephone numbers of the shelter, the social welfare office "
                "and the Women's Union of your province on one card.</p>",
                "ພົກບັດສົ່ງຕໍ່ໄວ້ໃນຖົງ",
                "<p>ຂຽນເບີໂທລະສັບ ຂອງສູນພັກພິງ, ພະແນກສະຫວັດດີການສັງຄົມ ແລະ "
                "ສະຫະພັນແມ່ຍິງ ຂອງແຂວງທ່ານ ໄວ້ໃນບັດດຽວ.</p>",
            ),
            _case(
                (
                    "Returned at night",
                    "<p>Thai authorities return three Lao women to the Friendship Bridge at "
                    "ten at night. None of them wants to go home yet.</p>",
                    ["Whom do you call?", "Where can the women sleep tonight?"],
                    "<p>The women's wishes come first; the shelter accepts arrivals at "
                    "night if called in advance.</p>",
                ),
                (
                    "ສົ່ງກັບມາຕອນກາງຄືນ",
                    "<p>ເຈົ້າໜ້າທີ່ໄທ ສົ່ງແມ່ຍິງລາວສາມຄົນ ກັບມາຮອດຂົວມິດຕະພາບ ຕອນສີ່ທຸ່ມ. ບໍ່ມີໃຜຢາກກັບບ້ານເທື່ອ.</p>",
                    ["ທ່ານຈະໂທຫາໃຜ?", "ຄືນນີ້ ແມ່ຍິງເຫຼົ່ານີ້ ຈະນອນຢູ່ໃສ?"],
                    "<p>ຄວາມປະສົງຂອງແມ່ຍິງ ມາກ່ອນ; ສູນພັກພິງຮັບຄົນຕອນກາງຄືນ ຖ້າໂທແຈ້ງລ່ວງໜ້າ.</p>",
                ),
            ),
            _terms("referral", "National Referral Mechanism", "shelter", "reintegration"),
        ],
    },
    {
        "slug": "child-victims",
        "en": {
            "title": "Child victims",
            "summary": "Anyone under 18: no means need proving, and special protection applies.",
        },
        "lo": {
            "title": "ເດັກທີ່ຕົກເປັນຜູ້ຖືກເຄາະຮ້າຍ",
            "summary": "ທຸກຄົນທີ່ອາຍຸຕ່ຳກວ່າ 18 ປີ: ບໍ່ຕ້ອງພິສູດວິທີການ ແລະ ມີການປົກປ້ອງພິເສດ.",
        },
        "blocks": [
            _text(
                "<p>For a child under 18, the act and the purpose of exploitation are enough: "
                "deception or force need not be proved, and a child's consent never excuses "
                "the trafficker. Penal Code Article 215 provides higher fines where the "
                "victim is a child.</p>",
                "<p>ສຳລັບເດັກທີ່ອາຍຸຕ່ຳກວ່າ 18 ປີ ພຽງແຕ່ມີການກະທຳ ແລະ ຈຸດປະສົງເພື່ອການຂູດຮີດ "
                "ກໍພຽງພໍ: ບໍ່ຈຳເປັນຕ້ອງພິສູດການຫຼອກລວງ ຫຼື ການໃຊ້ກຳລັງ ແລະ "
                "ການຍິນຍອມຂອງເດັກ ບໍ່ເຄີຍເປັນຂໍ້ແກ້ຕົວໃຫ້ພວກຄ້າມະນຸດ. ປະມວນກົດໝາຍອາຍາ "
                "ມາດຕາ 215 ກຳນົດການປັບໃໝສູງຂຶ້ນ ເມື່ອຜູ້ຖືກເຄາະຮ້າຍເປັນເດັກ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_2, "2")),
            _callout(
                "warning",
                "Age in doubt",
                "<p>If a person may be under 18, treat them as a child until their age is "
                "established.</p>",
                "ເມື່ອສົງໄສອາຍຸ",
                "<p>ຖ້າບຸກຄົນໃດອາດມີອາຍຸຕ່ຳກວ່າ 18 ປີ ໃຫ້ປະຕິບັດຕໍ່ເຂົາເປັນເດັກ ຈົນກວ່າຈະຢັ້ງຢືນອາຍຸໄດ້.</p>",
            ),
            _case(
                (
                    "A girl in a karaoke bar",
                    "<p>During an inspection, police find a 15-year-old girl serving drinks "
                    "in a karaoke bar. She says she came willingly to help her family.</p>",
                    ["Does her consent matter?", "Who must be informed?"],
                    "<p>Consent is irrelevant for a child. Inform the social welfare office "
                    "and her parents unless they were involved.</p>",
                ),
                (
                    "ເດັກຍິງໃນຮ້ານຄາລາໂອເກະ",
                    "<p>ໃນເວລາກວດກາ ຕຳຫຼວດພົບເດັກຍິງອາຍຸ 15 ປີ ເສີບເຄື່ອງດື່ມ "
                    "ຢູ່ຮ້ານຄາລາໂອເກະ. ນາງບອກວ່າ ນາງມາເອງ ເພື່ອຊ່ວຍຄອບຄົວ.</p>",
                    ["ການຍິນຍອມຂອງນາງ ມີຄວາມໝາຍບໍ?", "ຕ້ອງແຈ້ງໃຫ້ໃຜຮູ້?"],
                    "<p>ການຍິນຍອມ ບໍ່ມີຜົນສຳລັບເດັກ. ແຈ້ງພະແນກສະຫວັດດີການສັງຄົມ "
                    "ແລະ ພໍ່ແມ່ຂອງນາງ ເວັ້ນເສຍແຕ່ພໍ່ແມ່ມີສ່ວນຮ່ວມ.</p>",
                ),
            ),
            _terms("victim", "sexual exploitation", "protection", "Penal Code"),
        ],
    },
    {
        "slug": "inter-agency-coordination",
        "en": {
            "title": "Inter-agency coordination",
            "summary": "Police, prosecutors, courts and social workers each hold part of a case.",
        },
        "lo": {
            "title": "ການປະສານງານລະຫວ່າງອົງການ",
            "summary": "ຕຳຫຼວດ, ໄອຍະການ, ສານ ແລະ ພະນັກງານສັງຄົມ ແຕ່ລະຝ່າຍ ຖືສ່ວນໜຶ່ງຂອງຄະດີ.",
        },
        "blocks": [
            _text(
                "<p>A trafficking case passes through many hands: the police investigate, "
                "the prosecutor decides on charges and leads the evidence, the court "
                "decides, and social workers support the victim throughout. The National "
                "Plan of Action asks every province to hold regular coordination "
                "meetings.</p>",
                "<p>ຄະດີການຄ້າມະນຸດ ຜ່ານຫຼາຍມື: ຕຳຫຼວດ ສືບສວນ-ສອບສວນ, ໄອຍະການ "
                "ຕັດສິນການຟ້ອງ ແລະ ນຳສະເໜີຫຼັກຖານ, ສານ ຕັດສິນ ແລະ ພະນັກງານສັງຄົມ "
                "ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍຕະຫຼອດ. ແຜນງານແຫ່ງຊາດ ຮຽກຮ້ອງໃຫ້ທຸກແຂວງ "
                "ຈັດກອງປະຊຸມປະສານງານເປັນປະຈຳ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_41, "41")),
            _callout(
                "good_practice",
                "Bring the prosecutor in early",
                "<p>Call the prosecutor in the first days of an investigation, so the "
                "evidence collected is the evidence the court will need.</p>",
                "ໃຫ້ໄອຍະການເຂົ້າຮ່ວມແຕ່ເນີ່ນໆ",
                "<p>ໂທຫາໄອຍະການ ໃນມື້ທຳອິດຂອງການສືບສວນ ເພື່ອໃຫ້ຫຼັກຖານທີ່ເກັບກຳໄດ້ ແມ່ນຫຼັກຖານທີ່ສານຕ້ອງການ.</p>",
            ),
            _case(
                (
                    "The case file that came back",
                    "<p>A prosecutor returns a case file to the police three times because "
                    "the victim's statement does not describe the means used.</p>",
                    ["How could a joint meeting have avoided the delay?"],
                    "<p>Use the checklist of elements of the offence in the first meeting.</p>",
                ),
                (
                    "ສຳນວນຄະດີທີ່ຖືກສົ່ງຄືນ",
                    "<p>ໄອຍະການ ສົ່ງສຳນວນຄະດີຄືນໃຫ້ຕຳຫຼວດ ສາມເທື່ອ ເພາະວ່າ "
                    "ຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍ ບໍ່ໄດ້ອະທິບາຍວິທີການທີ່ຖືກນຳໃຊ້.</p>",
                    ["ກອງປະຊຸມຮ່ວມ ຈະຫຼີກລ່ຽງຄວາມຊັກຊ້ານີ້ໄດ້ແນວໃດ?"],
                    "<p>ໃຊ້ລາຍການກວດກາ ອົງປະກອບຂອງການກະທຳຜິດ ໃນກອງປະຊຸມຄັ້ງທຳອິດ.</p>",
                ),
            ),
            _terms("prosecutor", "judge", "National Plan of Action", "criminal proceedings"),
        ],
    },
    {
        "slug": "ethics-and-confidentiality",
        "en": {
            "title": "Ethics and confidentiality",
            "summary": "Protect the victim's identity, privacy and safety in every record.",
        },
        "lo": {
            "title": "ຈັນຍາບັນ ແລະ ການຮັກສາຄວາມລັບ",
            "summary": "ປົກປ້ອງຕົວຕົນ, ຄວາມເປັນສ່ວນຕົວ ແລະ ຄວາມປອດໄພ ຂອງຜູ້ຖືກເຄາະຮ້າຍ ໃນທຸກເອກະສານ.",
        },
        "blocks": [
            _text(
                "<p>The name, photograph and village of a victim must never reach the press "
                "or social media. Share case information only with the officials who need "
                "it, and keep files locked. Defence lawyers have a duty of confidentiality "
                "to their clients, including trafficked persons.</p>",
                "<p>ຊື່, ຮູບຖ່າຍ ແລະ ບ້ານ ຂອງຜູ້ຖືກເຄາະຮ້າຍ ຕ້ອງບໍ່ເຜີຍແຜ່ໃຫ້ສື່ມວນຊົນ "
                "ຫຼື ສື່ສັງຄົມອອນລາຍ. ແບ່ງປັນຂໍ້ມູນຄະດີ ສະເພາະກັບເຈົ້າໜ້າທີ່ທີ່ຈຳເປັນຕ້ອງຮູ້ "
                "ແລະ ເກັບສຳນວນໄວ້ໃນບ່ອນລັອກ. ທະນາຍຄວາມ ມີໜ້າທີ່ຮັກສາຄວາມລັບ "
                "ຂອງລູກຄວາມ ລວມທັງຜູ້ທີ່ຖືກຄ້າມະນຸດ.</p>",
            ),
            ("legal_provision", _law(ARTICLE_41, "41")),
            _callout(
                "warning",
                "No photographs of victims",
                "<p>Do not photograph victims for reports or social media, even with "
                "their faces hidden.</p>",
                "ບໍ່ຖ່າຍຮູບຜູ້ຖືກເຄາະຮ້າຍ",
                "<p>ຢ່າຖ່າຍຮູບຜູ້ຖືກເຄາະຮ້າຍ ເພື່ອລາຍງານ ຫຼື ສື່ສັງຄົມອອນລາຍ ເຖິງແມ່ນວ່າຈະປິດໜ້າໄວ້ກໍຕາມ.</p>",
            ),
            _case(
                (
                    "A journalist calls",
                    "<p>A journalist asks the provincial police for the name and village of "
                    "a girl rescued last week, to write a story that will warn others.</p>",
                    ["What can you share?", "Who decides?"],
                    "<p>Share general facts only; never the name, village or picture.</p>",
                ),
                (
                    "ນັກຂ່າວໂທມາ",
                    "<p>ນັກຂ່າວຄົນໜຶ່ງ ຂໍຊື່ ແລະ ບ້ານ ຂອງເດັກຍິງທີ່ຖືກຊ່ວຍເຫຼືອ ອາທິດແລ້ວນີ້ "
                    "ຈາກຕຳຫຼວດແຂວງ ເພື່ອຂຽນຂ່າວເຕືອນຄົນອື່ນ.</p>",
                    ["ທ່ານແບ່ງປັນຫຍັງໄດ້ແດ່?", "ໃຜເປັນຜູ້ຕັດສິນ?"],
                    "<p>ແບ່ງປັນສະເພາະຂໍ້ມູນທົ່ວໄປ; ບໍ່ໃຫ້ຊື່, ບ້ານ ຫຼື ຮູບຖ່າຍ ເດັດຂາດ.</p>",
                ),
            ),
            _terms("victim", "lawyer / defence attorney", "protection", "witness"),
        ],
    },
]

MANUAL = {
    "slug": "manual",
    "en": {
        "title": "Training Manual",
        "introduction": (
            "The counter-trafficking training manual for police officers, prosecutors, "
            "judges and defence attorneys in the Lao PDR."
        ),
        "edition": "2026",
    },
    "lo": {
        "title": "ປຶ້ມຄູ່ມືການຝຶກອົບຮົມ",
        "introduction": (
            "ປຶ້ມຄູ່ມືການຝຶກອົບຮົມ ດ້ານການຕ້ານການຄ້າມະນຸດ ສຳລັບຕຳຫຼວດ, ໄອຍະການ, ຜູ້ພິພາກສາ ແລະ ທະນາຍຄວາມ ໃນ ສປປ ລາວ."
        ),
        "edition": "2026",
    },
}

# Definitions written for the demo glossary: English term -> (English, Lao).
DEFINITIONS = {
    "trafficking in persons": (
        "Recruiting, moving, harbouring or receiving a person by deception, force or other "
        "means for the purpose of exploitation (Law on Anti-Trafficking in Persons, Article 2).",
        "ການຊອກຫາ, ການເຄື່ອນຍ້າຍ, ການໃຫ້ທີ່ພັກເຊື່ອງ ຫຼື ການຮັບເອົາບຸກຄົນ ດ້ວຍການຫຼອກລວງ, "
        "ການໃຊ້ກຳລັງ ຫຼື ວິທີອື່ນ ເພື່ອຈຸດປະສົງການຂູດຮີດ (ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ມາດຕາ 2).",
    ),
    "anti-trafficking": (
        "Work to prevent trafficking, protect victims and prosecute traffickers.",
        "ວຽກງານສະກັດກັ້ນການຄ້າມະນຸດ, ປົກປ້ອງຜູ້ຖືກເຄາະຮ້າຍ ແລະ ດຳເນີນຄະດີພວກຄ້າມະນຸດ.",
    ),
    "law on anti-trafficking in persons": (
        "The 2016 Lao law in 9 parts and 91 articles; Article 2 defines trafficking and "
        "Article 41 covers identification, referral and protection of victims.",
        "ກົດໝາຍລາວ ປີ 2016 ມີ 9 ພາກ ແລະ 91 ມາດຕາ; ມາດຕາ 2 ກຳນົດຄວາມໝາຍຂອງການຄ້າມະນຸດ "
        "ແລະ ມາດຕາ 41 ກ່ຽວກັບການລະບຸຕົວ, ການສົ່ງຕໍ່ ແລະ ການປົກປ້ອງຜູ້ຖືກເຄາະຮ້າຍ.",
    ),
    "victim": (
        "A person who has suffered harm through trafficking; the formal Lao term is ຜູ້ຖືກເຄາະຮ້າຍ.",
        "ບຸກຄົນທີ່ໄດ້ຮັບຄວາມເສຍຫາຍ ຈາກການຄ້າມະນຸດ.",
    ),
    "trafficker": (
        "A person who commits or organises trafficking.",
        "ບຸກຄົນທີ່ກະທຳ ຫຼື ຈັດຕັ້ງການຄ້າມະນຸດ.",
    ),
    "exploitation": (
        "Taking unfair advantage of a person's work or body for another's profit.",
        "ການເອົາປະໂຫຍດຈາກແຮງງານ ຫຼື ຮ່າງກາຍ ຂອງຜູ້ອື່ນ ຢ່າງບໍ່ເປັນທຳ.",
    ),
    "labour exploitation": (
        "Making a person work under force, threat or debt, for little or no pay.",
        "ການບັງຄັບໃຫ້ບຸກຄົນເຮັດວຽກ ດ້ວຍການນາບຂູ່ ຫຼື ໜີ້ສິນ ໂດຍໄດ້ຄ່າຈ້າງໜ້ອຍ ຫຼື ບໍ່ໄດ້ເລີຍ.",
    ),
    "sexual exploitation": (
        "Profiting from the prostitution or other sexual use of another person.",
        "ການຫາຜົນປະໂຫຍດ ຈາກການຄ້າປະເວນີ ຫຼື ການນຳໃຊ້ທາງເພດ ຂອງຜູ້ອື່ນ.",
    ),
    "debt bondage": (
        "Holding a person to work until a debt is repaid, when the debt can never be cleared.",
        "ການຜູກມັດບຸກຄົນໃຫ້ເຮັດວຽກ ຈົນກວ່າຈະໃຊ້ໜີ້ໝົດ ໃນເມື່ອໜີ້ນັ້ນ ບໍ່ມີວັນໃຊ້ໝົດໄດ້.",
    ),
    "deception / fraud": (
        "Lying about the work, pay or conditions to obtain a person's agreement.",
        "ການຕົວະກ່ຽວກັບວຽກ, ຄ່າຈ້າງ ຫຼື ເງື່ອນໄຂ ເພື່ອໃຫ້ບຸກຄົນຕົກລົງ.",
    ),
    "sham marriage": (
        "A marriage arranged to exploit the spouse; a purpose of trafficking under Lao law.",
        "ການແຕ່ງງານທີ່ຈັດຂຶ້ນ ເພື່ອຂູດຮີດຄູ່ຄອງ; ເປັນຈຸດປະສົງໜຶ່ງຂອງການຄ້າມະນຸດ ຕາມກົດໝາຍລາວ.",
    ),
    "victim identification": (
        "Recognising that a person may be a victim of trafficking, so they can be referred "
        "and protected (Article 41).",
        "ການຮັບຮູ້ວ່າ ບຸກຄົນໃດໜຶ່ງອາດເປັນຜູ້ຖືກເຄາະຮ້າຍ ເພື່ອສົ່ງຕໍ່ ແລະ ປົກປ້ອງ (ມາດຕາ 41).",
    ),
    "referral": (
        "Passing a victim, with their consent, to the services that protect and assist them.",
        "ການສົ່ງຜູ້ຖືກເຄາະຮ້າຍ ດ້ວຍຄວາມຍິນຍອມ ໄປຫາໜ່ວຍງານທີ່ປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອ.",
    ),
    "National Referral Mechanism": (
        "The agreed procedures and contacts for referring victims between agencies.",
        "ຂັ້ນຕອນ ແລະ ການຕິດຕໍ່ ທີ່ຕົກລົງກັນ ສຳລັບສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ ລະຫວ່າງອົງການ.",
    ),
    "shelter": (
        "A safe place where victims stay and receive care.",
        "ສະຖານທີ່ປອດໄພ ບ່ອນທີ່ຜູ້ຖືກເຄາະຮ້າຍພັກອາໄສ ແລະ ໄດ້ຮັບການດູແລ.",
    ),
    "reintegration": (
        "Helping a victim return to family and community life, with work or schooling.",
        "ການຊ່ວຍໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ ກັບຄືນສູ່ຊີວິດຄອບຄົວ ແລະ ຊຸມຊົນ ພ້ອມດ້ວຍວຽກ ຫຼື ການຮຽນ.",
    ),
    "protection": (
        "Measures that keep victims and witnesses safe from harm and retaliation.",
        "ມາດຕະການ ທີ່ຮັກສາຜູ້ຖືກເຄາະຮ້າຍ ແລະ ພະຍານ ໃຫ້ປອດໄພ ຈາກອັນຕະລາຍ ແລະ ການແກ້ແຄ້ນ.",
    ),
    "interview": (
        "A planned conversation to obtain a victim's or witness's account.",
        "ການລົມກັນຕາມແຜນ ເພື່ອໃຫ້ໄດ້ຄຳໃຫ້ການ ຂອງຜູ້ຖືກເຄາະຮ້າຍ ຫຼື ພະຍານ.",
    ),
    "Penal Code": (
        "The Lao criminal code (2017); Article 215 sets the penalties for trafficking.",
        "ປະມວນກົດໝາຍອາຍາຂອງລາວ (ປີ 2017); ມາດຕາ 215 ກຳນົດໂທດສຳລັບການຄ້າມະນຸດ.",
    ),
    "smuggling of migrants": (
        "Procuring, for money or another material benefit, a person's illegal entry into a "
        "country of which they are not a national or resident. The migrant agrees and is free "
        "on arrival: a crime against the state's border, not against the person.",
        "ການຈັດໃຫ້ບຸກຄົນ ເຂົ້າປະເທດທີ່ຕົນບໍ່ແມ່ນພົນລະເມືອງ ຫຼື ຜູ້ມີຖິ່ນທີ່ຢູ່ ຢ່າງຜິດກົດໝາຍ "
        "ເພື່ອແລກກັບເງິນ ຫຼື ຜົນປະໂຫຍດອື່ນ. ຜູ້ເຄື່ອນຍ້າຍຍິນຍອມ ແລະ ມີອິດສະຫຼະເມື່ອໄປຮອດ: "
        "ເປັນອາຊະຍາກຳຕໍ່ຊາຍແດນຂອງລັດ ບໍ່ແມ່ນຕໍ່ບຸກຄົນ.",
    ),
    "Palermo Protocol": (
        "The UN Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
        "Women and Children (2000), supplementing the UN Convention against Transnational "
        "Organized Crime. Article 2 of the Lao law defines trafficking more broadly.",
        "ພິທີສານ ວ່າດ້ວຍການສະກັດກັ້ນ, ປາບປາມ ແລະ ລົງໂທດການຄ້າມະນຸດ ໂດຍສະເພາະແມ່ນແມ່ຍິງ ແລະ ເດັກ "
        "(ປີ 2000), ເຊິ່ງເສີມໃສ່ສົນທິສັນຍາສະຫະປະຊາຊາດ ວ່າດ້ວຍການຕ້ານອາຊະຍາກຳຂ້າມຊາດ "
        "ທີ່ມີການຈັດຕັ້ງ. ມາດຕາ 2 ຂອງກົດໝາຍລາວ ກຳນົດຄວາມໝາຍຂອງການຄ້າມະນຸດ ກວ້າງກວ່າ.",
    ),
    "pre-test": (
        "The test taken before a training event or a course, to measure what participants "
        "already know; it is not passed or failed.",
        "ແບບທົດສອບທີ່ເຮັດກ່ອນເລີ່ມການຝຶກອົບຮົມ ຫຼື ຫຼັກສູດ ເພື່ອວັດແທກຄວາມຮູ້ທີ່ຜູ້ເຂົ້າຮ່ວມມີຢູ່ແລ້ວ; ບໍ່ມີການຕັດສິນວ່າຜ່ານ ຫຼື ບໍ່ຜ່ານ.",
    ),
    "post-test": (
        "The test taken at the end of a training event or a course. Set against the same "
        "person's pre-test it measures what they learnt; its pass mark can be part of the "
        "completion rule.",
        "ແບບທົດສອບທີ່ເຮັດໃນຕອນທ້າຍຂອງການຝຶກອົບຮົມ ຫຼື ຫຼັກສູດ. ເມື່ອທຽບກັບແບບທົດສອບ"
        "ກ່ອນການຝຶກອົບຮົມ ຂອງບຸກຄົນດຽວກັນ ຈະວັດແທກຄວາມຮູ້ທີ່ເພີ່ມຂຶ້ນ; ຄະແນນຜ່ານ "
        "ອາດເປັນເງື່ອນໄຂໜຶ່ງຂອງການຮຽນຈົບ.",
    ),
}

# Concepts the domain glossary lacks or names in one row: English term -> (Lao term,
# verified, note for editors). Their definitions are in DEFINITIONS.
MORE_TERMS = {
    "smuggling of migrants": (
        "ການລັກລອບນຳຄົນເຂົ້າເມືອງ",
        False,
        "Not trafficking: the smuggler's crime against the border. ການລັກລອບເຂົ້າເມືອງ "
        "would be the migrant's own illegal entry.",
    ),
    "Palermo Protocol": (
        "ພິທີສານປາແລກໂມ",
        False,
        "ພິທີສານ is a protocol; ອະນຸສັນຍາ and ສົນທິສັນຍາ are conventions and treaties.",
    ),
    "pre-test": ("ແບບທົດສອບກ່ອນການຝຶກອົບຮົມ", False, "The one name on every screen and report."),
    "post-test": ("ແບບທົດສອບຫຼັງການຝຶກອົບຮົມ", False, "The one name on every screen and report."),
}
# Domain rows that MORE_TERMS replaces: the pre-test and the post-test get a term each.
REPLACED_ROWS = {"pre-test / post-test"}

# The term base (courses/manual/terms.py): for each concept, the other Lao words seen in use
# for it, which the catalogues and the content avoid.
VARIANTS = {
    # Colloquial: "trading people".
    "trafficking in persons": ["ການຄ້າຄົນ"],
    # The law's name has ວ່າດ້ວຍການ.
    "law on anti-trafficking in persons": ["ກົດໝາຍຕ້ານການຄ້າມະນຸດ"],
    # Colloquial: "prey".
    "victim": ["ເຫຍື່ອ"],
    # ກຳນົດ is "set, define" (ກຳນົດໂທດ, ກຳນົດຄວາມໝາຍ); ລະບຸຕົວ is to identify a person.
    "victim identification": ["ກຳນົດຕົວ"],
    # Article 2's own word for it is ການແຕ່ງດອງແອບແຝງ.
    "sham marriage": ["ແຕ່ງງານປອມ"],
    # The Criminal Law that the 2017 Penal Code replaced.
    "Penal Code": ["ກົດໝາຍອາຍາ"],
    # The migrant's own illegal entry, not the smuggler's crime.
    "smuggling of migrants": ["ລັກລອບເຂົ້າເມືອງ"],
    # A convention or a treaty, not a protocol.
    "Palermo Protocol": ["ອະນຸສັນຍາປາແລກໂມ", "ສົນທິສັນຍາປາແລກໂມ"],
    # "Before studying", "before training" without ການ, and "testing before".
    "pre-test": ["ແບບທົດສອບກ່ອນຮຽນ", "ແບບທົດສອບກ່ອນຝຶກອົບຮົມ", "ການທົດສອບກ່ອນ"],
    "post-test": ["ແບບທົດສອບຫຼັງຮຽນ", "ແບບທົດສອບຫຼັງຝຶກອົບຮົມ", "ການທົດສອບຫຼັງ"],
}


def glossary_rows():
    with open(settings.DOMAIN_DATA_DIR / "glossary.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_glossary():
    """Glossary terms from the domain data, with the demo definitions."""
    sectors = {s.code: s for s in Sector.objects.all()}
    sector_of_term = {
        "police": "police",
        "prosecutor": "prosecutor",
        "judge": "judge",
        "court": "judge",
        "lawyer / defence attorney": "defence",
    }
    rows = [row for row in glossary_rows() if row["term_en"] not in REPLACED_ROWS]
    rows += [
        {
            "term_en": term_en,
            "term_lo": term_lo,
            "verified": "yes" if verified else "no",
            "note": note,
        }
        for term_en, (term_lo, verified, note) in MORE_TERMS.items()
    ]
    GlossaryTerm.objects.filter(term_en__in=REPLACED_ROWS).delete()
    for row in rows:
        definition_en, definition_lo = DEFINITIONS.get(row["term_en"], ("", ""))
        GlossaryTerm.objects.update_or_create(
            term_en=row["term_en"],
            defaults={
                "term_lo": row["term_lo"],
                "definition_en": definition_en,
                "definition_lo": definition_lo,
                "variants_lo": "\n".join(VARIANTS.get(row["term_en"], [])),
                "verified": row["verified"] == "yes",
                "note": row.get("note", ""),
                "sector": sectors.get(sector_of_term.get(row["term_en"], "")),
            },
        )
    related = [
        ("trafficking in persons", "exploitation"),
        ("exploitation", "labour exploitation"),
        ("exploitation", "sexual exploitation"),
        ("victim", "victim identification"),
        ("referral", "National Referral Mechanism"),
        ("shelter", "reintegration"),
        ("debt bondage", "labour exploitation"),
        ("trafficking in persons", "smuggling of migrants"),
        ("law on anti-trafficking in persons", "Palermo Protocol"),
        ("pre-test", "post-test"),
    ]
    terms = {t.term_en: t for t in GlossaryTerm.objects.all()}
    for a, b in related:
        if a in terms and b in terms:
            terms[a].related_terms.add(terms[b])


def _block_id(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "charj-manual/" + "/".join(parts)))


def stream_data(slug: str, blocks, language: str, term_ids) -> str:
    """Raw StreamField JSON for one language; ids are shared by both translations."""
    data = []
    for position, (block_type, values) in enumerate(blocks):
        if block_type == "key_terms":
            value = {"terms": [term_ids[name] for name in values["terms"]]}
        else:
            value = values[language]
        block_id = _block_id(slug, str(position))
        # List items carry ids too; fixed ones keep a reload from changing the page.
        items_by_name = value.items() if isinstance(value, dict) else []
        value = dict(value) if isinstance(value, dict) else value
        for name, items in items_by_name:
            if isinstance(items, list):
                value[name] = [
                    {"type": "item", "value": item, "id": _block_id(block_id, name, str(n))}
                    for n, item in enumerate(items)
                ]
        data.append({"type": block_type, "value": value, "id": block_id})
    return json.dumps(data, ensure_ascii=False)


@transaction.atomic
def load():
    load_glossary()
    term_ids = dict(GlossaryTerm.objects.values_list("term_en", "pk"))
    english = Locale.objects.get(language_code="en")
    home_en = HomePage.objects.get(locale=english)
    manual = upsert_child(home_en, ManualPage, MANUAL["slug"], show_in_menus=True, **MANUAL["en"])
    publish_translation(manual, "lo", show_in_menus=True, **MANUAL["lo"])
    for chapter_data in CHAPTERS:
        slug = chapter_data["slug"]
        chapter = upsert_child(
            manual,
            ManualChapterPage,
            slug,
            body=stream_data(slug, chapter_data["blocks"], "en", term_ids),
            **chapter_data["en"],
        )
        publish_translation(
            chapter,
            "lo",
            body=stream_data(slug, chapter_data["blocks"], "lo", term_ids),
            **chapter_data["lo"],
        )
        for section_data in chapter_data.get("sections", []):
            key = f"{slug}/{section_data['slug']}"
            section = upsert_child(
                chapter,
                ManualSectionPage,
                section_data["slug"],
                body=stream_data(key, section_data["blocks"], "en", term_ids),
                **section_data["en"],
            )
            publish_translation(
                section,
                "lo",
                body=stream_data(key, section_data["blocks"], "lo", term_ids),
                **section_data["lo"],
            )
