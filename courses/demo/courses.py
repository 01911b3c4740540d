"""Demo courses: two core courses and one course each for police, prosecutors, judges and
defence attorneys, with real lessons in Lao and English, and demo learners at different
stages (enrolled, halfway, completed with a certificate).

Idempotent: pages are found by slug and updated; enrolments and completions are
get-or-create; certificates are issued once.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page

from courses.certificates.issue import issue_certificate
from courses.learning.enrolment import enrol_person, record_lesson_completion
from courses.models import (
    CertificateKind,
    CourseIndexPage,
    CoursePage,
    CourseSectionPage,
    LessonPage,
)
from courses.permissions import SECTOR_TRAINER_GROUPS
from lms.demo import publish_translation, upsert_child
from lms.models import HomePage, Person, Sector

INDEX = {
    "lo": {
        "title": "ຫຼັກສູດ",
        "introduction": "ຫຼັກສູດຮຽນດ້ວຍຕົນເອງ ສຳລັບແຕ່ລະຂະແໜງການ ແລະ ຫຼັກສູດພື້ນຖານສຳລັບທຸກຄົນ.",
    },
    "en": {
        "title": "Courses",
        "introduction": "Self-paced courses for each sector, and core courses for everyone.",
    },
}

# slug, sector code (None: core), English title, Lao title
SECTIONS = [
    ("core", None, "Core courses for all sectors", "ຫຼັກສູດພື້ນຖານ ສຳລັບທຸກຂະແໜງການ"),
    ("police", "police", "Courses for police officers", "ຫຼັກສູດ ສຳລັບຕຳຫຼວດ"),
    ("prosecutors", "prosecutor", "Courses for prosecutors", "ຫຼັກສູດ ສຳລັບໄອຍະການ"),
    ("judges", "judge", "Courses for judges", "ຫຼັກສູດ ສຳລັບຜູ້ພິພາກສາ"),
    ("defence", "defence", "Courses for defence attorneys", "ຫຼັກສູດ ສຳລັບທະນາຍຄວາມ"),
]


def p(en, lo):
    return ("paragraph", en, lo)


def note(en_title, en, lo_title, lo, kind="note"):
    return ("callout", (en_title, en), (lo_title, lo), kind)


COURSES = [
    {
        "section": "core",
        "slug": "tip-concepts-and-lao-law",
        "level": "introductory",
        "hours": Decimal("3"),
        "en": {
            "title": "Trafficking in persons: concepts and the Lao legal framework",
            "summary": "What trafficking is under the 2016 Law on Anti-Trafficking in Persons "
            "and the Penal Code, and how it differs from smuggling.",
            "objectives": "Name the three elements of trafficking\nExplain what Article 2 of "
            "the law adds to the Palermo Protocol\nTell trafficking from migrant smuggling",
        },
        "lo": {
            "title": "ການຄ້າມະນຸດ: ແນວຄິດ ແລະ ກອບກົດໝາຍຂອງລາວ",
            "summary": "ການຄ້າມະນຸດ ແມ່ນຫຍັງ ຕາມກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ປີ 2016 ແລະ "
            "ປະມວນກົດໝາຍອາຍາ, ແລະ ແຕກຕ່າງຈາກການລັກລອບນຳຄົນເຂົ້າເມືອງແນວໃດ.",
            "objectives": "ບອກອົງປະກອບສາມຢ່າງຂອງການຄ້າມະນຸດ\nອະທິບາຍສິ່ງທີ່ມາດຕາ 2 ຂອງກົດໝາຍ "
            "ເພີ່ມໃສ່ພິທີສານປາແລກໂມ\nຈຳແນກການຄ້າມະນຸດ ອອກຈາກການລັກລອບນຳຄົນເຂົ້າເມືອງ",
        },
        "lessons": [
            (
                "three-elements",
                "The three elements: act, means, purpose",
                "ອົງປະກອບສາມຢ່າງ: ການກະທຳ, ວິທີການ, ຈຸດປະສົງ",
                15,
                [
                    p(
                        "Trafficking in persons combines an act (recruiting, transporting, "
                        "transferring, harbouring or receiving a person), a means (threat, force, "
                        "deception, abuse of power or of a position of vulnerability, or payment "
                        "to a person in control of the victim) and a purpose of exploitation.",
                        "ການຄ້າມະນຸດ ປະກອບດ້ວຍ ການກະທຳ (ການຈັດຫາ, ການຂົນສົ່ງ, ການໂອນ, ການໃຫ້ທີ່ພັກເຊື່ອງ "
                        "ຫຼື ການຮັບຄົນ), ວິທີການ (ການຂົ່ມຂູ່, ການໃຊ້ກຳລັງ, ການຫຼອກລວງ, ການສວຍໃຊ້ອຳນາດ ຫຼື "
                        "ສະພາບທີ່ອ່ອນແອ, ຫຼື ການໃຫ້ເງິນແກ່ຜູ້ຄວບຄຸມຜູ້ຖືກເຄາະຮ້າຍ) ແລະ ຈຸດປະສົງ ເພື່ອການຂູດຮີດ.",
                    ),
                    p(
                        "When the victim is a child, the means do not have to be proved: "
                        "recruiting or moving a child for exploitation is trafficking.",
                        "ເມື່ອຜູ້ຖືກເຄາະຮ້າຍເປັນເດັກ, ບໍ່ຈຳເປັນຕ້ອງພິສູດວິທີການ: ການຈັດຫາ ຫຼື ຂົນສົ່ງເດັກ "
                        "ເພື່ອການຂູດຮີດ ແມ່ນການຄ້າມະນຸດ.",
                    ),
                    note(
                        "Consent does not matter",
                        "Once any of the means was used, the victim's consent to the "
                        "exploitation is irrelevant.",
                        "ການຍິນຍອມ ບໍ່ມີຜົນ",
                        "ເມື່ອມີການໃຊ້ວິທີການໃດໜຶ່ງແລ້ວ, ການຍິນຍອມຂອງຜູ້ຖືກເຄາະຮ້າຍ ຕໍ່ການຂູດຮີດ ແມ່ນບໍ່ມີຜົນ.",
                    ),
                ],
            ),
            (
                "article-2",
                "Article 2 of the Lao law",
                "ມາດຕາ 2 ຂອງກົດໝາຍລາວ",
                15,
                [
                    p(
                        "The Law on Anti-Trafficking in Persons has 9 parts and 91 articles. "
                        "Its Article 2 defines trafficking more broadly than the Palermo "
                        "Protocol: it also covers sham marriage, adoption, pregnancy, begging "
                        "and pornography as purposes of exploitation.",
                        "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ມີ 9 ພາກ ແລະ 91 ມາດຕາ. ມາດຕາ 2 "
                        "ກຳນົດຄວາມໝາຍຂອງການຄ້າມະນຸດ ກວ້າງກວ່າພິທີສານປາແລກໂມ: ລວມທັງ ການແຕ່ງດອງແອບແຝງ, "
                        "ການຮັບເອົາເປັນລູກລ້ຽງ, ການຖືພາ, ການຂໍທານ ແລະ ສິ່ງລາມົກ ເປັນຈຸດປະສົງຂອງການຂູດຮີດ.",
                    ),
                    p(
                        "Penalties are set by Article 215 of the Penal Code: five to fifteen "
                        "years of imprisonment, with higher fines where the victim is a child.",
                        "ໂທດ ແມ່ນກຳນົດໄວ້ໃນມາດຕາ 215 ຂອງປະມວນກົດໝາຍອາຍາ: ຕັດອິດສະລະພາບ ແຕ່ 5 ຫາ 15 ປີ, "
                        "ແລະ ປັບໃໝສູງກວ່າ ເມື່ອຜູ້ຖືກເຄາະຮ້າຍເປັນເດັກ.",
                    ),
                ],
            ),
            (
                "trafficking-or-smuggling",
                "Trafficking or smuggling?",
                "ການຄ້າມະນຸດ ຫຼື ການລັກລອບນຳຄົນເຂົ້າເມືອງ?",
                10,
                [
                    p(
                        "Smuggling is a crime against the state's border: the migrant pays to "
                        "cross and is free on arrival. Trafficking is a crime against the "
                        "person: it continues after arrival through exploitation.",
                        "ການລັກລອບນຳຄົນເຂົ້າເມືອງ ແມ່ນອາຊະຍາກຳຕໍ່ຊາຍແດນຂອງລັດ: ຜູ້ເຄື່ອນຍ້າຍຈ່າຍເງິນເພື່ອຂ້າມ "
                        "ແລະ ມີອິດສະຫຼະເມື່ອໄປຮອດ. ການຄ້າມະນຸດ ແມ່ນອາຊະຍາກຳຕໍ່ບຸກຄົນ: ສືບຕໍ່ຫຼັງຈາກໄປຮອດ "
                        "ດ້ວຍການຂູດຮີດ.",
                    ),
                    p(
                        "A smuggled migrant can become a trafficking victim when debts or "
                        "confiscated documents are used to control them.",
                        "ຜູ້ທີ່ຖືກລັກລອບນຳເຂົ້າເມືອງ ອາດກາຍເປັນຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ ເມື່ອໜີ້ສິນ "
                        "ຫຼື ເອກະສານທີ່ຖືກຍຶດ ຖືກໃຊ້ເພື່ອຄວບຄຸມເຂົາເຈົ້າ.",
                    ),
                ],
            ),
        ],
    },
    {
        "section": "core",
        "slug": "victim-identification-and-referral",
        "level": "introductory",
        "hours": Decimal("2.5"),
        "en": {
            "title": "Indicators of trafficking, victim identification and referral",
            "summary": "Recognise the signs of trafficking and refer victims for protection "
            "and assistance under Article 41 of the law.",
            "objectives": "Recognise common indicators of trafficking\nRespond in a "
            "victim-centred way\nRefer a victim to protection and assistance",
        },
        "lo": {
            "title": "ຕົວຊີ້ບອກການຄ້າມະນຸດ, ການລະບຸຕົວ ແລະ ການສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ",
            "summary": "ຮັບຮູ້ສັນຍານຂອງການຄ້າມະນຸດ ແລະ ສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ ເພື່ອຮັບການປົກປ້ອງ "
            "ແລະ ຊ່ວຍເຫຼືອ ຕາມມາດຕາ 41 ຂອງກົດໝາຍ.",
            "objectives": "ຮັບຮູ້ຕົວຊີ້ບອກທົ່ວໄປຂອງການຄ້າມະນຸດ\nປະຕິບັດຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ "
            "ໂດຍເອົາຜູ້ຖືກເຄາະຮ້າຍເປັນໃຈກາງ\nສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ ເພື່ອຮັບການປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອ",
        },
        "lessons": [
            (
                "indicators",
                "Indicators of trafficking",
                "ຕົວຊີ້ບອກການຄ້າມະນຸດ",
                15,
                [
                    p(
                        "Common indicators include: someone else holds the person's identity "
                        "documents; a debt that keeps growing; no freedom to leave the "
                        "workplace; wages withheld; the person repeats a story that seems "
                        "rehearsed.",
                        "ຕົວຊີ້ບອກທົ່ວໄປ ມີ: ຄົນອື່ນຖືເອກະສານປະຈຳຕົວຂອງບຸກຄົນນັ້ນ; ໜີ້ສິນທີ່ເພີ່ມຂຶ້ນເລື້ອຍໆ; "
                        "ບໍ່ມີອິດສະຫຼະອອກຈາກບ່ອນເຮັດວຽກ; ຖືກກັກຄ່າແຮງງານ; ບຸກຄົນນັ້ນເລົ່າເລື່ອງຄືກັບທີ່ຖືກສອນມາ.",
                    ),
                    p(
                        "No single indicator proves trafficking. Look for several together and "
                        "ask open questions in a safe place.",
                        "ບໍ່ມີຕົວຊີ້ບອກດຽວ ທີ່ພິສູດການຄ້າມະນຸດໄດ້. ໃຫ້ເບິ່ງຫຼາຍຕົວຊີ້ບອກພ້ອມກັນ "
                        "ແລະ ຖາມຄຳຖາມເປີດ ໃນບ່ອນທີ່ປອດໄພ.",
                    ),
                ],
            ),
            (
                "victim-centred",
                "A victim-centred, trauma-informed response",
                "ການປະຕິບັດທີ່ເອົາຜູ້ຖືກເຄາະຮ້າຍເປັນໃຈກາງ ແລະ ຄຳນຶງເຖິງບາດແຜທາງຈິດໃຈ",
                15,
                [
                    p(
                        "Trauma can make a victim's account confused or inconsistent. That is "
                        "not a sign of lying. Explain who you are, what will happen next, and "
                        "let the person take breaks.",
                        "ບາດແຜທາງຈິດໃຈ ອາດເຮັດໃຫ້ຄຳເລົ່າຂອງຜູ້ຖືກເຄາະຮ້າຍ ສັບສົນ ຫຼື ບໍ່ສອດຄ່ອງກັນ. ນັ້ນ "
                        "ບໍ່ແມ່ນສັນຍານຂອງການຕົວະ. ໃຫ້ອະທິບາຍວ່າທ່ານແມ່ນໃຜ, ຈະມີຫຍັງເກີດຂຶ້ນຕໍ່ໄປ, "
                        "ແລະ ໃຫ້ບຸກຄົນນັ້ນໄດ້ພັກຜ່ອນ.",
                    ),
                    note(
                        "Interviewers",
                        "Offer a same-sex interviewer and an interpreter of the victim's language.",
                        "ຜູ້ສຳພາດ",
                        "ສະເໜີໃຫ້ມີຜູ້ສຳພາດເພດດຽວກັນ ແລະ ນາຍພາສາ ທີ່ເວົ້າພາສາຂອງຜູ້ຖືກເຄາະຮ້າຍ.",
                        kind="good_practice",
                    ),
                ],
            ),
            (
                "referral",
                "Referral, protection and assistance",
                "ການສົ່ງຕໍ່, ການປົກປ້ອງ ແລະ ການຊ່ວຍເຫຼືອ",
                15,
                [
                    p(
                        "Article 41 of the law covers the identification, referral, "
                        "protection and assistance of victims. Once identified, a victim is "
                        "referred to the social welfare authorities and the Lao Women's Union "
                        "for shelter, health care and legal help.",
                        "ມາດຕາ 41 ຂອງກົດໝາຍ ກ່ຽວກັບການລະບຸຕົວ, ການສົ່ງຕໍ່, ການປົກປ້ອງ ແລະ ການຊ່ວຍເຫຼືອ "
                        "ຜູ້ຖືກເຄາະຮ້າຍ. ເມື່ອລະບຸຕົວໄດ້ແລ້ວ, ຜູ້ຖືກເຄາະຮ້າຍ ຈະຖືກສົ່ງຕໍ່ໃຫ້ອົງການສະຫວັດດີການສັງຄົມ "
                        "ແລະ ສະຫະພັນແມ່ຍິງລາວ ເພື່ອທີ່ພັກອາໄສ, ການປິ່ນປົວ ແລະ ການຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ.",
                    ),
                    p(
                        "Victims are not punished for acts they were forced to commit as a "
                        "result of being trafficked.",
                        "ຜູ້ຖືກເຄາະຮ້າຍ ບໍ່ຖືກລົງໂທດ ສຳລັບການກະທຳທີ່ເຂົາເຈົ້າຖືກບັງຄັບໃຫ້ເຮັດ ຍ້ອນຖືກຄ້າມະນຸດ.",
                    ),
                ],
            ),
        ],
    },
    {
        "section": "police",
        "slug": "interviewing-victims-and-witnesses",
        "level": "intermediate",
        "hours": Decimal("3"),
        "en": {
            "title": "Interviewing victims and witnesses",
            "summary": "Plan and conduct interviews that protect the victim and produce "
            "evidence that holds up in court.",
            "objectives": "Plan an interview\nUse open questions\nRecord the statement for "
            "the case file",
        },
        "lo": {
            "title": "ການສຳພາດຜູ້ຖືກເຄາະຮ້າຍ ແລະ ພະຍານ",
            "summary": "ວາງແຜນ ແລະ ດຳເນີນການສຳພາດ ທີ່ປົກປ້ອງຜູ້ຖືກເຄາະຮ້າຍ ແລະ ໄດ້ຫຼັກຖານ ທີ່ນຳໃຊ້ໄດ້ໃນສານ.",
            "objectives": "ວາງແຜນການສຳພາດ\nໃຊ້ຄຳຖາມເປີດ\nບັນທຶກຄຳໃຫ້ການ ເຂົ້າໃນສຳນວນຄະດີ",
        },
        "lessons": [
            (
                "planning",
                "Planning the interview",
                "ການວາງແຜນການສຳພາດ",
                15,
                [
                    p(
                        "Before the interview, check the victim's safety and health, arrange "
                        "an interpreter, and choose a quiet, private room.",
                        "ກ່ອນການສຳພາດ, ໃຫ້ກວດເບິ່ງຄວາມປອດໄພ ແລະ ສຸຂະພາບຂອງຜູ້ຖືກເຄາະຮ້າຍ, ຈັດຫານາຍພາສາ, "
                        "ແລະ ເລືອກຫ້ອງທີ່ງຽບ ແລະ ເປັນສ່ວນຕົວ.",
                    ),
                ],
            ),
            (
                "open-questions",
                "Open questions and free recall",
                "ຄຳຖາມເປີດ ແລະ ການເລົ່າຄືນຢ່າງເສລີ",
                20,
                [
                    p(
                        "Start with free recall: 'Tell me everything that happened, from the "
                        "beginning.' Then use open questions (who, what, where, when, how) "
                        "before any closed question.",
                        "ເລີ່ມດ້ວຍການເລົ່າຄືນຢ່າງເສລີ: 'ກະລຸນາເລົ່າທຸກຢ່າງທີ່ເກີດຂຶ້ນ ຕັ້ງແຕ່ຕົ້ນ.' ຈາກນັ້ນ "
                        "ໃຊ້ຄຳຖາມເປີດ (ໃຜ, ຫຍັງ, ຢູ່ໃສ, ເມື່ອໃດ, ແນວໃດ) ກ່ອນຄຳຖາມປິດ.",
                    ),
                    note(
                        "Avoid",
                        "Leading questions such as 'He took your passport, didn't he?' weaken "
                        "the evidence.",
                        "ຄວນຫຼີກລ່ຽງ",
                        "ຄຳຖາມຊີ້ນຳ ເຊັ່ນ 'ລາວເອົາໜັງສືຜ່ານແດນຂອງທ່ານໄປ ແມ່ນບໍ່?' ເຮັດໃຫ້ຫຼັກຖານອ່ອນລົງ.",
                        kind="warning",
                    ),
                ],
            ),
            (
                "recording",
                "Recording the statement",
                "ການບັນທຶກຄຳໃຫ້ການ",
                15,
                [
                    p(
                        "Write the statement in the victim's own words, read it back, and let "
                        "the victim correct it before signing. Note the time, place and "
                        "everyone present.",
                        "ຂຽນຄຳໃຫ້ການ ດ້ວຍຄຳເວົ້າຂອງຜູ້ຖືກເຄາະຮ້າຍເອງ, ອ່ານໃຫ້ຟັງຄືນ, ແລະ ໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ "
                        "ແກ້ໄຂກ່ອນລົງລາຍເຊັນ. ບັນທຶກເວລາ, ສະຖານທີ່ ແລະ ທຸກຄົນທີ່ຢູ່ນຳ.",
                    ),
                ],
            ),
        ],
    },
    {
        "section": "prosecutors",
        "slug": "elements-of-the-offence-and-charging",
        "level": "intermediate",
        "hours": Decimal("3"),
        "en": {
            "title": "Elements of the offence and charging",
            "summary": "Charge trafficking correctly and build the case beyond the victim's "
            "testimony.",
            "objectives": "Match the facts to the elements of the offence\nChoose the right "
            "charge\nCorroborate the victim's account",
        },
        "lo": {
            "title": "ອົງປະກອບຂອງການກະທຳຜິດ ແລະ ການຟ້ອງ",
            "summary": "ຟ້ອງຄະດີການຄ້າມະນຸດ ໃຫ້ຖືກຕ້ອງ ແລະ ສ້າງຄະດີ ນອກເໜືອຈາກຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍ.",
            "objectives": "ທຽບຂໍ້ເທັດຈິງ ກັບອົງປະກອບຂອງການກະທຳຜິດ\nເລືອກຂໍ້ຫາທີ່ຖືກຕ້ອງ\n"
            "ຢັ້ງຢືນຄຳເລົ່າຂອງຜູ້ຖືກເຄາະຮ້າຍ ດ້ວຍຫຼັກຖານອື່ນ",
        },
        "lessons": [
            (
                "elements",
                "Proving each element",
                "ການພິສູດແຕ່ລະອົງປະກອບ",
                20,
                [
                    p(
                        "List the act, the means and the purpose, and the evidence for each. "
                        "A gap in one element is the most common reason a trafficking charge "
                        "is reduced to a lesser offence.",
                        "ລະບຸການກະທຳ, ວິທີການ ແລະ ຈຸດປະສົງ, ພ້ອມທັງຫຼັກຖານຂອງແຕ່ລະອັນ. ການຂາດຫຼັກຖານ "
                        "ໃນອົງປະກອບໃດໜຶ່ງ ແມ່ນເຫດຜົນທີ່ພົບເລື້ອຍທີ່ສຸດ ທີ່ຂໍ້ຫາການຄ້າມະນຸດ ຖືກຫຼຸດລົງເປັນການກະທຳຜິດທີ່ເບົາກວ່າ.",
                    ),
                ],
            ),
            (
                "beyond-testimony",
                "Building the case beyond victim testimony",
                "ການສ້າງຄະດີ ນອກເໜືອຈາກຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍ",
                20,
                [
                    p(
                        "Phone records, money transfers, travel documents, recruitment "
                        "messages and witness statements corroborate the victim and protect "
                        "the case if the victim cannot testify.",
                        "ບັນທຶກໂທລະສັບ, ການໂອນເງິນ, ເອກະສານເດີນທາງ, ຂໍ້ຄວາມຈັດຫາຄົນ ແລະ ຄຳໃຫ້ການຂອງພະຍານ "
                        "ຢັ້ງຢືນຄຳເລົ່າຂອງຜູ້ຖືກເຄາະຮ້າຍ ແລະ ປົກປ້ອງຄະດີ ຖ້າຜູ້ຖືກເຄາະຮ້າຍ ບໍ່ສາມາດໃຫ້ການໄດ້.",
                    ),
                ],
            ),
            (
                "restitution",
                "Restitution and confiscation",
                "ການຊົດໃຊ້ຄ່າເສຍຫາຍ ແລະ ການຍຶດຊັບ",
                15,
                [
                    p(
                        "Ask the court for restitution to the victim and for confiscation of "
                        "the proceeds of the crime; trace assets early in the investigation.",
                        "ສະເໜີໃຫ້ສານ ຕັດສິນໃຫ້ຊົດໃຊ້ຄ່າເສຍຫາຍແກ່ຜູ້ຖືກເຄາະຮ້າຍ ແລະ ຍຶດຊັບທີ່ໄດ້ມາຈາກອາຊະຍາກຳ; "
                        "ຕິດຕາມຊັບສິນ ແຕ່ຕົ້ນຂອງການສືບສວນ.",
                    ),
                ],
            ),
        ],
    },
    {
        "section": "judges",
        "slug": "adjudicating-trafficking-cases",
        "level": "advanced",
        "hours": Decimal("3"),
        "en": {
            "title": "Adjudicating trafficking cases",
            "summary": "Evaluate evidence and victim testimony, run victim-sensitive hearings "
            "and order restitution.",
            "objectives": "Weigh the testimony of traumatised victims\nProtect victims in "
            "the courtroom\nSentence under Article 215 and order restitution",
        },
        "lo": {
            "title": "ການພິຈາລະນາຕັດສິນຄະດີການຄ້າມະນຸດ",
            "summary": "ປະເມີນຫຼັກຖານ ແລະ ຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍ, ດຳເນີນການພິຈາລະນາທີ່ຄຳນຶງເຖິງຜູ້ຖືກເຄາະຮ້າຍ "
            "ແລະ ຕັດສິນໃຫ້ຊົດໃຊ້ຄ່າເສຍຫາຍ.",
            "objectives": "ຊັ່ງຊາຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍທີ່ມີບາດແຜທາງຈິດໃຈ\nປົກປ້ອງຜູ້ຖືກເຄາະຮ້າຍ "
            "ໃນຫ້ອງສານ\nລົງໂທດຕາມມາດຕາ 215 ແລະ ຕັດສິນໃຫ້ຊົດໃຊ້ຄ່າເສຍຫາຍ",
        },
        "lessons": [
            (
                "evaluating-testimony",
                "Evaluating victim testimony",
                "ການປະເມີນຄຳໃຫ້ການຂອງຜູ້ຖືກເຄາະຮ້າຍ",
                20,
                [
                    p(
                        "Inconsistencies about peripheral details are common after trauma and "
                        "do not by themselves make a victim unreliable. Weigh the core of the "
                        "account against the other evidence.",
                        "ຄວາມບໍ່ສອດຄ່ອງ ກ່ຽວກັບລາຍລະອຽດນ້ອຍໆ ແມ່ນພົບເລື້ອຍ ຫຼັງຈາກບາດແຜທາງຈິດໃຈ "
                        "ແລະ ລຳພັງຄວາມບໍ່ສອດຄ່ອງນັ້ນ ບໍ່ໄດ້ເຮັດໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ ບໍ່ໜ້າເຊື່ອຖື. ໃຫ້ຊັ່ງຊາໃຈກາງຂອງຄຳເລົ່າ "
                        "ທຽບກັບຫຼັກຖານອື່ນ.",
                    ),
                ],
            ),
            (
                "victim-sensitive-hearings",
                "Victim-sensitive hearings",
                "ການພິຈາລະນາທີ່ຄຳນຶງເຖິງຜູ້ຖືກເຄາະຮ້າຍ",
                15,
                [
                    p(
                        "Closed hearings, screens, a support person and testimony recorded in "
                        "advance spare the victim a face-to-face meeting with the accused.",
                        "ການພິຈາລະນາແບບປິດ, ສິ່ງກັ້ນ, ຜູ້ໃຫ້ການສະໜັບສະໜູນ ແລະ ຄຳໃຫ້ການທີ່ບັນທຶກໄວ້ລ່ວງໜ້າ "
                        "ຊ່ວຍໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ ບໍ່ຕ້ອງພົບໜ້າກັບຜູ້ຖືກກ່າວຫາ.",
                    ),
                ],
            ),
            (
                "sentencing",
                "Sentencing and restitution orders",
                "ການລົງໂທດ ແລະ ຄຳສັ່ງໃຫ້ຊົດໃຊ້ຄ່າເສຍຫາຍ",
                15,
                [
                    p(
                        "Article 215 of the Penal Code provides five to fifteen years of "
                        "imprisonment. A restitution order should cover the victim's lost "
                        "wages, medical costs and the return home.",
                        "ມາດຕາ 215 ຂອງປະມວນກົດໝາຍອາຍາ ກຳນົດໂທດຕັດອິດສະລະພາບ ແຕ່ 5 ຫາ 15 ປີ. ຄຳສັ່ງໃຫ້ຊົດໃຊ້ "
                        "ຄວນກວມເອົາຄ່າແຮງງານທີ່ເສຍໄປ, ຄ່າປິ່ນປົວ ແລະ ການເດີນທາງກັບບ້ານ ຂອງຜູ້ຖືກເຄາະຮ້າຍ.",
                    ),
                ],
            ),
        ],
    },
    {
        "section": "defence",
        "slug": "defence-role-and-fair-trial",
        "level": "intermediate",
        "hours": Decimal("2.5"),
        "en": {
            "title": "The defence role, fair trial and non-punishment",
            "summary": "Defend the accused fairly, represent victims, and apply the "
            "non-punishment principle to trafficked clients.",
            "objectives": "Explain the defence role under the Criminal Procedure Law\n"
            "Protect fair-trial rights\nRaise non-punishment for a trafficked client",
        },
        "lo": {
            "title": "ບົດບາດຂອງທະນາຍຄວາມ, ການພິຈາລະນາຄະດີທີ່ຍຸຕິທຳ ແລະ ການບໍ່ລົງໂທດຜູ້ຖືກເຄາະຮ້າຍ",
            "summary": "ແກ້ຕ່າງໃຫ້ຜູ້ຖືກກ່າວຫາຢ່າງຍຸຕິທຳ, ເປັນຕົວແທນໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ ແລະ "
            "ນຳໃຊ້ຫຼັກການບໍ່ລົງໂທດ ສຳລັບລູກຄວາມທີ່ຖືກຄ້າມະນຸດ.",
            "objectives": "ອະທິບາຍບົດບາດຂອງທະນາຍຄວາມ ຕາມກົດໝາຍວ່າດ້ວຍການດຳເນີນຄະດີອາຍາ\n"
            "ປົກປ້ອງສິດການພິຈາລະນາຄະດີທີ່ຍຸຕິທຳ\nຍົກຫຼັກການບໍ່ລົງໂທດ ສຳລັບລູກຄວາມທີ່ຖືກຄ້າມະນຸດ",
        },
        "lessons": [
            (
                "defence-role",
                "The defence role under the Criminal Procedure Law",
                "ບົດບາດຂອງທະນາຍຄວາມ ຕາມກົດໝາຍວ່າດ້ວຍການດຳເນີນຄະດີອາຍາ",
                15,
                [
                    p(
                        "Every accused person has the right to a defence lawyer from the "
                        "start of the investigation. A strong defence makes convictions "
                        "safer, not weaker.",
                        "ຜູ້ຖືກກ່າວຫາທຸກຄົນ ມີສິດມີທະນາຍຄວາມ ແຕ່ເລີ່ມຕົ້ນການສືບສວນ. ການແກ້ຕ່າງທີ່ເຂັ້ມແຂງ "
                        "ເຮັດໃຫ້ການຕັດສິນລົງໂທດ ໜັກແໜ້ນຂຶ້ນ, ບໍ່ແມ່ນອ່ອນລົງ.",
                    ),
                ],
            ),
            (
                "representing-victims",
                "Representing victims and legal aid",
                "ການເປັນຕົວແທນໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ ແລະ ການຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ",
                15,
                [
                    p(
                        "Victims may claim compensation in the criminal case. A lawyer of the "
                        "Lao Bar Association can represent them through legal aid.",
                        "ຜູ້ຖືກເຄາະຮ້າຍ ສາມາດຮຽກຮ້ອງຄ່າເສຍຫາຍ ໃນຄະດີອາຍາ. ທະນາຍຄວາມ ຂອງສະພາທະນາຍຄວາມ "
                        "ສາມາດເປັນຕົວແທນໃຫ້ເຂົາເຈົ້າ ຜ່ານການຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ.",
                    ),
                ],
            ),
            (
                "non-punishment",
                "Non-punishment of trafficked clients",
                "ການບໍ່ລົງໂທດລູກຄວາມທີ່ຖືກຄ້າມະນຸດ",
                15,
                [
                    p(
                        "A client charged with illegal border crossing, prostitution or "
                        "drug offences may be a trafficking victim who was compelled to act. "
                        "Raise the indicators early and ask for the charge to be dropped.",
                        "ລູກຄວາມ ທີ່ຖືກກ່າວຫາວ່າ ຂ້າມຊາຍແດນຜິດກົດໝາຍ, ຄ້າປະເວນີ ຫຼື ກະທຳຜິດກ່ຽວກັບຢາເສບຕິດ "
                        "ອາດເປັນຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ ທີ່ຖືກບັງຄັບໃຫ້ກະທຳ. ໃຫ້ຍົກຕົວຊີ້ບອກ "
                        "ແຕ່ເນີ່ນໆ ແລະ ສະເໜີໃຫ້ຍົກເລີກຂໍ້ຫາ.",
                    ),
                ],
            ),
        ],
    },
]

SIGNATORY = {
    "en": ("Project Manager, IOM CHARJ", "International Organization for Migration, Lao PDR"),
    "lo": ("ຜູ້ຈັດການໂຄງການ CHARJ", "ອົງການສາກົນເພື່ອການເຄື່ອນຍ້າຍຖິ່ນຖານ (IOM) ສປປ ລາວ"),
}


def lesson_body(blocks, language: str):
    index = 0 if language == "en" else 1
    body = []
    for block in blocks:
        if block[0] == "paragraph":
            body.append(("paragraph", f"<p>{block[1 + index]}</p>"))
        else:
            title, text = block[1 + index]
            body.append(("callout", {"kind": block[3], "title": title, "body": f"<p>{text}</p>"}))
    return body


def build_index() -> CourseIndexPage:
    home = HomePage.objects.get(locale__language_code="lo")
    index = upsert_child(home, CourseIndexPage, "courses", show_in_menus=True, **INDEX["lo"])
    publish_translation(index, "en", **INDEX["en"])
    return index


def build_courses(index: CourseIndexPage) -> dict[str, CoursePage]:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    sections = {}
    for slug, sector_code, title_en, title_lo in SECTIONS:
        section = upsert_child(
            index, CourseSectionPage, slug, title=title_lo, sector=sectors.get(sector_code)
        )
        publish_translation(section, "en", title=title_en)
        sections[slug] = section
    courses = {}
    for spec in COURSES:
        section = sections[spec["section"]]
        sector_code = {slug: code for slug, code, *_ in SECTIONS}[spec["section"]]
        common = {
            "level": spec["level"],
            "estimated_hours": spec["hours"],
            "target_sectors": [sectors[sector_code]] if sector_code else [],
        }
        course = upsert_child(
            section,
            CoursePage,
            spec["slug"],
            title=spec["lo"]["title"],
            summary=spec["lo"]["summary"],
            learning_objectives=spec["lo"]["objectives"],
            signatory_name=SIGNATORY["lo"][0],
            signatory_title=SIGNATORY["lo"][1],
            **common,
        )
        publish_translation(
            course,
            "en",
            title=spec["en"]["title"],
            summary=spec["en"]["summary"],
            learning_objectives=spec["en"]["objectives"],
            signatory_name=SIGNATORY["en"][0],
            signatory_title=SIGNATORY["en"][1],
            **common,
        )
        for slug, title_en, title_lo, minutes, blocks in spec["lessons"]:
            lesson = upsert_child(
                course,
                LessonPage,
                slug,
                title=title_lo,
                estimated_minutes=minutes,
                body=lesson_body(blocks, "lo"),
            )
            publish_translation(
                lesson,
                "en",
                title=title_en,
                estimated_minutes=minutes,
                body=lesson_body(blocks, "en"),
            )
        courses[spec["slug"]] = course
    return courses


def publish_stale_translations():
    """Publish again the Lao pages the demo published before their English side.

    The demo writes both languages together, so a Lao page is no older than its English one;
    only the order of publication made the translation report call it out of date. The last
    demo step, after the quizzes are set on both languages of each course.
    """
    from courses.manual.translation_status import TranslationStatus, pages_with_translation_status

    stale = pages_with_translation_status().filter(translation_status=TranslationStatus.STALE)
    for english in stale:
        lao = Page.objects.get(pk=english.translation_id).specific
        if lao.live and not lao.has_unpublished_changes:
            lao.save_revision().publish()


def enrol_demo_learners(courses: dict[str, CoursePage]):
    """Learners at different stages: completed with a certificate, halfway, just enrolled."""
    learner = Person.objects.get(user__username="learner")
    learner_en = Person.objects.get(user__username="learner_en")
    core = courses["tip-concepts-and-lao-law"]
    identification = courses["victim-identification-and-referral"]
    # learner (a prosecutor): completed the first core course, halfway through the second.
    enrolment = enrol_person(learner, core)
    for lesson in core.lessons():
        record_lesson_completion(enrolment, lesson)
    enrolment = enrol_person(learner, identification)
    record_lesson_completion(enrolment, identification.lessons().first())
    enrol_person(learner, courses["elements-of-the-offence-and-charging"])
    # learner_en (a judge): halfway through the judges' course, enrolled in a core course.
    judges = courses["adjudicating-trafficking-cases"]
    english = judges.get_translation(Locale.objects.get(language_code="en")).specific
    enrolment = enrol_person(learner_en, english)
    record_lesson_completion(enrolment, english.lessons().first())
    enrol_person(learner_en, core)
    # A few registry officials completed the police course at a workshop.
    police = courses["interviewing-victims-and-witnesses"]
    for person in Person.objects.filter(sector__code="police", user__isnull=True).order_by("pk")[
        :6
    ]:
        enrolment = enrol_person(person, police)
        for lesson in police.lessons():
            record_lesson_completion(enrolment, lesson)
    # One participation certificate: attended the judges' course, did not complete it.
    judge = Person.objects.filter(sector__code="judge", user__isnull=True).order_by("pk").first()
    if judge:
        issue_certificate(judge, CertificateKind.PARTICIPATION, course=judges)


def add_sector_trainers():
    """The demo trainer (a police officer) edits the police courses."""
    trainer = get_user_model().objects.filter(username="trainer").first()
    if trainer:
        group, _ = Group.objects.get_or_create(name=SECTOR_TRAINER_GROUPS["police"])
        trainer.groups.add(group)


@transaction.atomic
def load():
    index = build_index()
    courses = build_courses(index)
    enrol_demo_learners(courses)
    add_sector_trainers()
