"""Demo content for quizzes: a bilingual question bank on the 2016 Law on Anti-Trafficking
in Persons and victim identification, a pre/post pair (parallel forms A and B) for every
demo course and for every demo training event with a post-test, and seeded attempts
whose knowledge gains differ by sector, with item-level answers for the item analysis.

Idempotent and seeded: tags, questions and quizzes are found by code or title and
updated; an attempt is created only where the person has none for that quiz and
event or course.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments.attempts import draw_questions
from assessments.models import (
    Answer,
    Attempt,
    AttemptSource,
    AttemptStatus,
    Choice,
    Difficulty,
    Question,
    QuestionType,
    Quiz,
    QuizForm,
    QuizPurpose,
    QuizQuestion,
    ReviewPolicy,
    Tag,
    TagKind,
    Vignette,
)
from assessments.scoring import score_responses

SEED = 2016

TAGS = [
    (
        "law-structure",
        TagKind.OBJECTIVE,
        "Know the structure of the 2016 law",
        "ຮູ້ໂຄງສ້າງຂອງກົດໝາຍ ປີ 2016",
    ),
    (
        "law-definition",
        TagKind.OBJECTIVE,
        "Apply the legal definition of trafficking",
        "ນຳໃຊ້ຄຳນິຍາມທາງກົດໝາຍ ຂອງການຄ້າມະນຸດ",
    ),
    ("identification", TagKind.OBJECTIVE, "Identify possible victims", "ລະບຸຕົວຜູ້ທີ່ອາດເປັນຜູ້ຖືກເຄາະຮ້າຍ"),
    (
        "victim-centred",
        TagKind.OBJECTIVE,
        "Treat victims in a victim-centred way",
        "ປະຕິບັດຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ ໂດຍເອົາຜູ້ຖືກເຄາະຮ້າຍເປັນໃຈກາງ",
    ),
    ("penalties", TagKind.TOPIC, "Penalties", "ໂທດ"),
]

VIGNETTE = {
    "title_en": "Noy's case",
    "title_lo": "ກໍລະນີຂອງ ນ້ອຍ",
    "text_en": (
        "Noy, 16, from Savannakhet, met a broker who promised her a job in a restaurant in "
        "Thailand. He paid for her trip. On arrival she was taken to a karaoke bar, the owner "
        "kept her ID card and told her she owed 20,000 baht for the journey. She is not allowed "
        "to leave the bar. Police find her during an inspection."
    ),
    "text_lo": (
        "ນ້ອຍ ອາຍຸ 16 ປີ ຈາກແຂວງສະຫວັນນະເຂດ ໄດ້ພົບກັບນາຍໜ້າຄົນໜຶ່ງ ທີ່ສັນຍາວ່າຈະຫາວຽກໃຫ້ເຮັດ "
        "ຢູ່ຮ້ານອາຫານໃນປະເທດໄທ. ລາວໄດ້ອອກຄ່າເດີນທາງໃຫ້. ເມື່ອໄປຮອດ ນາງຖືກພາໄປຮ້ານຄາລາໂອເກະ, "
        "ເຈົ້າຂອງຮ້ານເກັບບັດປະຈຳຕົວຂອງນາງໄວ້ ແລະ ບອກວ່ານາງເປັນໜີ້ຄ່າເດີນທາງ 20.000 ບາດ. "
        "ນາງບໍ່ໄດ້ຮັບອະນຸຍາດໃຫ້ອອກຈາກຮ້ານ. ຕຳຫຼວດພົບນາງ ໃນເວລາກວດກາ."
    ),
}

# Each question: key (stable), form ("" both, "A", "B"), kind, tags, difficulty,
# (stem en, stem lo), choices [(en, lo, correct)] or pairs [(left en, left lo, right en,
# right lo)], feedback (en, lo); extra fields per kind.
QUESTIONS = [
    {
        "form": "",
        "kind": QuestionType.SINGLE,
        "tags": ["law-structure"],
        "difficulty": Difficulty.EASY,
        "stem": (
            "How many articles does the Law on Anti-Trafficking in Persons contain?",
            "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ມີທັງໝົດຈັກມາດຕາ?",
        ),
        "choices": [
            ("91", "91", True),
            ("54", "54", False),
            ("120", "120", False),
            ("35", "35", False),
        ],
        "feedback": (
            "The law has 91 articles in 9 parts.",
            "ກົດໝາຍສະບັບນີ້ ມີ 91 ມາດຕາ ແບ່ງອອກເປັນ 9 ພາກ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.SHORT,
        "tags": ["law-structure"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "How many parts does the Law on Anti-Trafficking in Persons have? Write the number.",
            "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ມີຈັກພາກ? ໃຫ້ຂຽນເປັນຕົວເລກ.",
        ),
        "accepted": "9\nnine\nເກົ້າ",
        "feedback": ("The law has 9 parts.", "ກົດໝາຍມີ 9 ພາກ."),
    },
    {
        "form": "",
        "kind": QuestionType.SINGLE,
        "tags": ["law-definition", "law-structure"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "Which article of the law defines trafficking in persons?",
            "ມາດຕາໃດຂອງກົດໝາຍ ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ?",
        ),
        "choices": [
            ("Article 2", "ມາດຕາ 2", True),
            ("Article 41", "ມາດຕາ 41", False),
            ("Article 91", "ມາດຕາ 91", False),
            ("Article 15", "ມາດຕາ 15", False),
        ],
        "feedback": (
            "Article 2 defines trafficking in persons, more broadly than the Palermo Protocol.",
            "ມາດຕາ 2 ໃຫ້ຄຳນິຍາມຂອງການຄ້າມະນຸດ ເຊິ່ງກວ້າງກວ່າພິທີສານປາແລກໂມ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.TRUE_FALSE,
        "tags": ["law-definition"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "Under the Lao law, a sham marriage arranged in order to exploit a person can be "
            "trafficking in persons.",
            "ຕາມກົດໝາຍຂອງ ສປປ ລາວ, ການແຕ່ງດອງແອບແຝງ ເພື່ອຂູດຮີດບຸກຄົນໃດໜຶ່ງ ສາມາດເປັນການຄ້າມະນຸດໄດ້.",
        ),
        "answer_true": True,
        "feedback": (
            "True: Article 2 names sham marriage, as well as adoption, pregnancy, begging and "
            "pornography.",
            "ຖືກ: ມາດຕາ 2 ກຳນົດການແຕ່ງດອງແອບແຝງ, ການຮັບເອົາເປັນລູກລ້ຽງ, ການຖືພາ, ການຂໍທານ ແລະ ສິ່ງລາມົກ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.MULTIPLE,
        "partial_credit": True,
        "tags": ["law-definition"],
        "difficulty": Difficulty.HARD,
        "stem": (
            "Which of these purposes does the Lao definition of trafficking name? Tick every "
            "right answer.",
            "ຈຸດປະສົງໃດແດ່ ທີ່ຄຳນິຍາມການຄ້າມະນຸດຂອງລາວ ໄດ້ກຳນົດໄວ້? ໃຫ້ໝາຍທຸກຄຳຕອບທີ່ຖືກ.",
        ),
        "choices": [
            ("Forced begging", "ການບັງຄັບໃຫ້ຂໍທານ", True),
            ("Pornography", "ສິ່ງລາມົກ", True),
            ("Adoption", "ການຮັບເອົາເປັນລູກລ້ຽງ", True),
            (
                "Legal work abroad through a licensed agency",
                "ການໄປເຮັດວຽກຢູ່ຕ່າງປະເທດ ຢ່າງຖືກຕ້ອງ ຜ່ານບໍລິສັດທີ່ໄດ້ຮັບອະນຸຍາດ",
                False,
            ),
        ],
        "feedback": (
            "Begging, pornography and adoption are named; lawful migration for work is not "
            "trafficking.",
            "ການຂໍທານ, ສິ່ງລາມົກ ແລະ ການຮັບເອົາເປັນລູກລ້ຽງ ແມ່ນຖືກກຳນົດໄວ້; ການເຄື່ອນຍ້າຍແຮງງານ"
            "ຢ່າງຖືກຕ້ອງ ບໍ່ແມ່ນການຄ້າມະນຸດ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.SINGLE,
        "tags": ["identification", "law-structure"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "Which article of the law covers victim identification, referral, protection and "
            "assistance?",
            "ມາດຕາໃດຂອງກົດໝາຍ ກຳນົດກ່ຽວກັບການລະບຸຕົວ, ການສົ່ງຕໍ່, ການປົກປ້ອງ ແລະ ການຊ່ວຍເຫຼືອ ຜູ້ຖືກເຄາະຮ້າຍ?",
        ),
        "choices": [
            ("Article 41", "ມາດຕາ 41", True),
            ("Article 2", "ມາດຕາ 2", False),
            ("Article 73", "ມາດຕາ 73", False),
            ("Article 9", "ມາດຕາ 9", False),
        ],
        "feedback": ("Article 41.", "ມາດຕາ 41."),
    },
    {
        "form": "",
        "kind": QuestionType.SINGLE,
        "tags": ["penalties"],
        "difficulty": Difficulty.HARD,
        "stem": (
            "Under Article 215 of the Penal Code, what is the prison term for trafficking in "
            "persons?",
            "ຕາມມາດຕາ 215 ຂອງປະມວນກົດໝາຍອາຍາ, ການຄ້າມະນຸດ ຖືກລົງໂທດຕັດອິດສະລະພາບ ຈັກປີ?",
        ),
        "choices": [
            ("5 to 15 years", "ແຕ່ 5 ຫາ 15 ປີ", True),
            ("1 to 3 years", "ແຕ່ 1 ຫາ 3 ປີ", False),
            ("3 to 5 years", "ແຕ່ 3 ຫາ 5 ປີ", False),
            ("A fine only", "ປັບໃໝເທົ່ານັ້ນ", False),
        ],
        "feedback": (
            "5 to 15 years, with higher fines where the victim is a child.",
            "ແຕ່ 5 ຫາ 15 ປີ, ແລະ ປັບໃໝສູງກວ່າ ເມື່ອຜູ້ຖືກເຄາະຮ້າຍແມ່ນເດັກ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.TRUE_FALSE,
        "tags": ["law-definition"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "If a person first agreed to travel for work, their case cannot be trafficking.",
            "ຖ້າບຸກຄົນໃດໜຶ່ງ ຕົກລົງເດີນທາງໄປເຮັດວຽກເອງໃນເບື້ອງຕົ້ນ, ກໍລະນີຂອງລາວ ບໍ່ສາມາດເປັນການຄ້າມະນຸດໄດ້.",
        ),
        "answer_true": False,
        "feedback": (
            "False: consent obtained by deception, coercion or abuse of a vulnerable position "
            "does not count.",
            "ຜິດ: ການຍິນຍອມ ທີ່ໄດ້ມາດ້ວຍການຫຼອກລວງ, ການບັງຄັບ ຫຼື ການສວຍໃຊ້ສະພາບທີ່ອ່ອນແອ ບໍ່ມີຜົນທາງກົດໝາຍ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.SINGLE,
        "tags": ["law-definition"],
        "difficulty": Difficulty.HARD,
        "stem": (
            "When the victim is a child, which element of trafficking does not need to be proved?",
            "ເມື່ອຜູ້ຖືກເຄາະຮ້າຍແມ່ນເດັກ, ອົງປະກອບໃດຂອງການຄ້າມະນຸດ ທີ່ບໍ່ຈຳເປັນຕ້ອງພິສູດ?",
        ),
        "choices": [
            (
                "The means (force, deception, abuse of power)",
                "ວິທີການ (ການໃຊ້ກຳລັງ, ການຫຼອກລວງ, ການສວຍໃຊ້ອຳນາດ)",
                True,
            ),
            (
                "The act (recruiting, moving, receiving)",
                "ການກະທຳ (ການຊັກຊວນ, ການຂົນສົ່ງ, ການຮັບ)",
                False,
            ),
            ("The purpose of exploitation", "ຈຸດປະສົງເພື່ອການຂູດຮີດ", False),
            ("None: all three are always needed", "ບໍ່ມີ: ຕ້ອງພິສູດທັງສາມອົງປະກອບສະເໝີ", False),
        ],
        "feedback": (
            "For a child, the act and the purpose are enough.",
            "ສຳລັບເດັກ, ພຽງແຕ່ມີການກະທຳ ແລະ ຈຸດປະສົງ ກໍພຽງພໍ.",
        ),
    },
    {
        "form": "",
        "kind": QuestionType.MATCHING,
        "partial_credit": True,
        "tags": ["law-definition"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "Match each element of trafficking with an example.",
            "ຈົ່ງຈັບຄູ່ ອົງປະກອບຂອງການຄ້າມະນຸດ ກັບຕົວຢ່າງ.",
        ),
        "pairs": [
            ("Act", "ການກະທຳ", "Recruiting and transporting a person", "ການຊັກຊວນ ແລະ ຂົນສົ່ງບຸກຄົນ"),
            ("Means", "ວິທີການ", "Lying about the job on offer", "ການຕົວະກ່ຽວກັບວຽກທີ່ສະເໜີໃຫ້"),
            (
                "Purpose",
                "ຈຸດປະສົງ",
                "Forcing a person to work without pay",
                "ການບັງຄັບໃຫ້ເຮັດວຽກໂດຍບໍ່ໄດ້ຮັບຄ່າຈ້າງ",
            ),
        ],
        "feedback": (
            "Act, means and purpose are the three elements of the offence.",
            "ການກະທຳ, ວິທີການ ແລະ ຈຸດປະສົງ ແມ່ນສາມອົງປະກອບຂອງການກະທຳຜິດ.",
        ),
    },
    {
        "form": "",
        "vignette": True,
        "kind": QuestionType.SINGLE,
        "tags": ["identification", "law-definition"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "Which elements of trafficking are present in Noy's case?",
            "ໃນກໍລະນີຂອງ ນ້ອຍ ມີອົງປະກອບໃດແດ່ຂອງການຄ້າມະນຸດ?",
        ),
        "choices": [
            (
                "The act and the purpose; as she is a child, that is enough",
                "ການກະທຳ ແລະ ຈຸດປະສົງ; ເນື່ອງຈາກນາງເປັນເດັກ ຈຶ່ງພຽງພໍແລ້ວ",
                True,
            ),
            ("Only the act", "ມີແຕ່ການກະທຳ", False),
            ("None, because she agreed to go", "ບໍ່ມີ, ເພາະນາງຕົກລົງໄປເອງ", False),
            ("Only a debt between private persons", "ມີແຕ່ໜີ້ສິນລະຫວ່າງບຸກຄົນ", False),
        ],
        "feedback": (
            "Recruitment and transport (act) for sexual exploitation (purpose) of a child is "
            "trafficking; her agreement does not matter.",
            "ການຊັກຊວນ ແລະ ຂົນສົ່ງ (ການກະທຳ) ເພື່ອຂູດຮີດທາງເພດ (ຈຸດປະສົງ) ເດັກ ແມ່ນການຄ້າມະນຸດ; "
            "ການຍິນຍອມຂອງນາງ ບໍ່ມີຄວາມໝາຍ.",
        ),
    },
    {
        "form": "",
        "vignette": True,
        "kind": QuestionType.MULTIPLE,
        "partial_credit": True,
        "tags": ["identification", "victim-centred"],
        "difficulty": Difficulty.MEDIUM,
        "stem": (
            "What should the police officer do? Tick every right answer.",
            "ເຈົ້າໜ້າທີ່ຕຳຫຼວດ ຄວນເຮັດແນວໃດ? ໃຫ້ໝາຍທຸກຄຳຕອບທີ່ຖືກ.",
        ),
        "choices": [
            (
                "Treat her as a possible victim and refer her for protection",
                "ປະຕິບັດຕໍ່ນາງ ເປັນຜູ້ທີ່ອາດຖືກເຄາະຮ້າຍ ແລະ ສົ່ງຕໍ່ເພື່ອການປົກປ້ອງ",
                True,
            ),
            (
                "Call a social worker or the Lao Women's Union",
                "ແຈ້ງພະນັກງານສັງຄົມສົງເຄາະ ຫຼື ສະຫະພັນແມ່ຍິງລາວ",
                True,
            ),
            ("Fine her for crossing the border illegally", "ປັບໃໝນາງ ຍ້ອນຂ້າມຊາຍແດນຜິດກົດໝາຍ", False),
            ("Hand her back to the broker", "ສົ່ງນາງຄືນໃຫ້ນາຍໜ້າ", False),
        ],
        "feedback": (
            "Identify and refer; a child victim is never punished for the border crossing.",
            "ລະບຸຕົວ ແລະ ສົ່ງຕໍ່; ເດັກທີ່ຖືກເຄາະຮ້າຍ ບໍ່ຖືກລົງໂທດ ຍ້ອນການຂ້າມຊາຍແດນ.",
        ),
    },
    # Form A only.
    {
        "form": QuizForm.A,
        "kind": QuestionType.MULTIPLE,
        "partial_credit": True,
        "tags": ["identification"],
        "difficulty": Difficulty.EASY,
        "stem": (
            "Which of these may show that a worker is a victim of trafficking? Tick every right "
            "answer.",
            "ຂໍ້ໃດແດ່ ທີ່ອາດສະແດງວ່າ ຜູ້ອອກແຮງງານຄົນໜຶ່ງ ເປັນຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ? ໃຫ້ໝາຍທຸກຄຳຕອບທີ່ຖືກ.",
        ),
        "choices": [
            ("The employer keeps their identity papers", "ນາຍຈ້າງເກັບເອກະສານປະຈຳຕົວຂອງເຂົາເຈົ້າໄວ້", True),
            ("A debt to the employer that keeps growing", "ໜີ້ສິນກັບນາຍຈ້າງ ທີ່ເພີ່ມຂຶ້ນເລື້ອຍໆ", True),
            ("They may not leave the workplace", "ເຂົາເຈົ້າບໍ່ສາມາດອອກຈາກບ່ອນເຮັດວຽກໄດ້", True),
            (
                "A written contract, and they keep their own wages",
                "ມີສັນຍາເປັນລາຍລັກອັກສອນ ແລະ ເກັບຄ່າຈ້າງຂອງຕົນເອງ",
                False,
            ),
        ],
        "feedback": (
            "Confiscated documents, debt bondage and restricted movement are key indicators.",
            "ການຍຶດເອກະສານ, ການຜູກມັດດ້ວຍໜີ້ສິນ ແລະ ການຈຳກັດການເຄື່ອນໄຫວ ແມ່ນຕົວຊີ້ບອກສຳຄັນ.",
        ),
    },
    {
        "form": QuizForm.A,
        "kind": QuestionType.SINGLE,
        "tags": ["victim-centred"],
        "difficulty": Difficulty.EASY,
        "stem": (
            "Where should a first interview with a possible victim take place?",
            "ການສຳພາດຄັ້ງທຳອິດ ກັບຜູ້ທີ່ອາດຖືກເຄາະຮ້າຍ ຄວນເຮັດຢູ່ໃສ?",
        ),
        "choices": [
            (
                "In a safe, private place, with an interpreter if needed",
                "ຢູ່ບ່ອນປອດໄພ ແລະ ເປັນສ່ວນຕົວ, ມີນາຍພາສາ ຖ້າຈຳເປັນ",
                True,
            ),
            ("At the checkpoint, in front of other travellers", "ຢູ່ດ່ານກວດກາ ຕໍ່ໜ້າຜູ້ເດີນທາງຄົນອື່ນ", False),
            ("With the suspected employer present", "ຕໍ່ໜ້ານາຍຈ້າງ ທີ່ຖືກສົງໄສ", False),
            ("By telephone only", "ທາງໂທລະສັບເທົ່ານັ້ນ", False),
        ],
        "feedback": (
            "Safety and privacy come first; use an interpreter the person trusts.",
            "ຄວາມປອດໄພ ແລະ ຄວາມເປັນສ່ວນຕົວ ມາກ່ອນ; ໃຊ້ນາຍພາສາ ທີ່ຜູ້ກ່ຽວໄວ້ວາງໃຈ.",
        ),
    },
    {
        "form": QuizForm.A,
        "kind": QuestionType.TRUE_FALSE,
        "tags": ["victim-centred"],
        "difficulty": Difficulty.HARD,
        "stem": (
            "A trafficked person should not be punished for offences they were forced to commit "
            "as a direct result of being trafficked.",
            "ຜູ້ຖືກຄ້າ ບໍ່ຄວນຖືກລົງໂທດ ສຳລັບການກະທຳຜິດ ທີ່ເຂົາເຈົ້າຖືກບັງຄັບໃຫ້ເຮັດ ເຊິ່ງເປັນຜົນໂດຍກົງຈາກການຖືກຄ້າ.",
        ),
        "answer_true": True,
        "feedback": ("True: the non-punishment principle.", "ຖືກ: ຫຼັກການບໍ່ລົງໂທດຜູ້ຖືກເຄາະຮ້າຍ."),
    },
    # Form B only.
    {
        "form": QuizForm.B,
        "kind": QuestionType.SINGLE,
        "tags": ["identification"],
        "difficulty": Difficulty.EASY,
        "stem": (
            "Who may identify a person as a possible victim and refer them for assistance?",
            "ໃຜແດ່ ທີ່ສາມາດລະບຸຕົວບຸກຄົນ ວ່າອາດເປັນຜູ້ຖືກເຄາະຮ້າຍ ແລະ ສົ່ງຕໍ່ເພື່ອການຊ່ວຍເຫຼືອ?",
        ),
        "choices": [
            (
                "Any official who meets them: police, border guards, social workers, health staff",
                "ເຈົ້າໜ້າທີ່ທຸກຄົນທີ່ພົບເຂົາເຈົ້າ: ຕຳຫຼວດ, ທະຫານຊາຍແດນ, ພະນັກງານສັງຄົມ, ພະນັກງານສາທາລະນະສຸກ",
                True,
            ),
            ("Only a court", "ສານເທົ່ານັ້ນ", False),
            ("Only an embassy", "ສະຖານທູດເທົ່ານັ້ນ", False),
            ("Only the victim's family", "ຄອບຄົວຂອງຜູ້ຖືກເຄາະຮ້າຍເທົ່ານັ້ນ", False),
        ],
        "feedback": (
            "Every front-line official can identify and refer; a court decision is not needed.",
            "ເຈົ້າໜ້າທີ່ແຖວໜ້າທຸກຄົນ ສາມາດລະບຸຕົວ ແລະ ສົ່ງຕໍ່ໄດ້; ບໍ່ຈຳເປັນຕ້ອງມີຄຳຕັດສິນຂອງສານ.",
        ),
    },
    {
        "form": QuizForm.B,
        "kind": QuestionType.TRUE_FALSE,
        "tags": ["victim-centred"],
        "difficulty": Difficulty.EASY,
        "stem": (
            "A victim's name and photo may be given to the media to warn others.",
            "ຊື່ ແລະ ຮູບພາບຂອງຜູ້ຖືກເຄາະຮ້າຍ ສາມາດມອບໃຫ້ສື່ມວນຊົນ ເພື່ອເຕືອນຄົນອື່ນໄດ້.",
        ),
        "answer_true": False,
        "feedback": (
            "False: a victim's identity is confidential.",
            "ຜິດ: ຂໍ້ມູນສ່ວນຕົວຂອງຜູ້ຖືກເຄາະຮ້າຍ ຕ້ອງຮັກສາເປັນຄວາມລັບ.",
        ),
    },
    {
        "form": QuizForm.B,
        "kind": QuestionType.TRUE_FALSE,
        "tags": ["victim-centred"],
        "difficulty": Difficulty.HARD,
        "stem": (
            "An adult victim must agree before being placed in a shelter.",
            "ຜູ້ຖືກເຄາະຮ້າຍ ທີ່ເປັນຜູ້ໃຫຍ່ ຕ້ອງໃຫ້ຄວາມຍິນຍອມ ກ່ອນຖືກພາໄປຢູ່ສູນພັກພິງ.",
        ),
        "answer_true": True,
        "feedback": (
            "True: assistance to adults is voluntary and based on informed consent.",
            "ຖືກ: ການຊ່ວຍເຫຼືອຜູ້ໃຫຍ່ ແມ່ນດ້ວຍຄວາມສະໝັກໃຈ ແລະ ຕ້ອງໄດ້ຮັບການຍິນຍອມ.",
        ),
    },
]

# Sector -> (mean pre-test score %, mean gain in points): the demo's gains differ by sector.
SECTOR_PROFILE = {
    "police": (44, 28),
    "prosecutor": (56, 20),
    "judge": (63, 13),
    "defence": (50, 22),
    "social-welfare": (40, 31),
    "other": (42, 10),
}
DIFFICULTY_SHIFT = {Difficulty.EASY: 0.15, Difficulty.MEDIUM: 0.0, Difficulty.HARD: -0.15}


def build_tags() -> dict[str, Tag]:
    tags = {}
    for code, kind, name_en, name_lo in TAGS:
        tags[code], _ = Tag.objects.update_or_create(
            code=code, defaults={"kind": kind, "name_en": name_en, "name_lo": name_lo}
        )
    return tags


def build_questions(tags) -> list[tuple[Question, str]]:
    """The bank, as (question, form) pairs; a question is found again by its English stem."""
    vignette, _ = Vignette.objects.update_or_create(
        title_en=VIGNETTE["title_en"], defaults=VIGNETTE
    )
    bank = []
    for spec in QUESTIONS:
        fields = {
            "kind": spec["kind"],
            "stem_lo": spec["stem"][1],
            "feedback_en": spec["feedback"][0],
            "feedback_lo": spec["feedback"][1],
            "difficulty": spec["difficulty"],
            "partial_credit": spec.get("partial_credit", False),
            "answer_true": spec.get("answer_true"),
            "accepted_answers": spec.get("accepted", ""),
            "vignette": vignette if spec.get("vignette") else None,
        }
        question, created = Question.objects.update_or_create(
            stem_en=spec["stem"][0], defaults=fields
        )
        if created:
            for order, choice in enumerate(spec.get("choices", [])):
                Choice.objects.create(
                    question=question,
                    sort_order=order,
                    text_en=choice[0],
                    text_lo=choice[1],
                    is_correct=choice[2],
                )
            for order, (left_en, left_lo, right_en, right_lo) in enumerate(spec.get("pairs", [])):
                Choice.objects.create(
                    question=question,
                    sort_order=order,
                    text_en=left_en,
                    text_lo=left_lo,
                    match_en=right_en,
                    match_lo=right_lo,
                )
        question.tags.set([tags[code] for code in spec["tags"]])
        bank.append((question, spec["form"]))
    return bank


def build_pair(title_en: str, title_lo: str, bank) -> tuple[Quiz, Quiz]:
    """A pre-test and a post-test on the same items, parallel forms A and B."""
    pair = []
    for purpose, label_en, label_lo in (
        (QuizPurpose.PRE, "Pre-test", "ແບບທົດສອບກ່ອນການຝຶກອົບຮົມ"),
        (QuizPurpose.POST, "Post-test", "ແບບທົດສອບຫຼັງການຝຶກອົບຮົມ"),
    ):
        quiz, created = Quiz.objects.update_or_create(
            title_en=f"{label_en}: {title_en}",
            purpose=purpose,
            defaults={
                "title_lo": f"{label_lo}: {title_lo}",
                "introduction_en": "Answer every question. Your answers are saved as you go.",
                "introduction_lo": "ກະລຸນາຕອບທຸກຄຳຖາມ. ຄຳຕອບຂອງທ່ານ ຈະຖືກບັນທຶກໄວ້ເລື້ອຍໆ.",
                "pass_mark": Decimal(70),
                "attempts_allowed": 1 if purpose == QuizPurpose.PRE else 2,
                "time_limit_minutes": 30,
                "parallel_forms": True,
                "review_policy": ReviewPolicy.SCORE
                if purpose == QuizPurpose.PRE
                else ReviewPolicy.FEEDBACK,
                "live": True,
            },
        )
        if created:
            for order, (question, form) in enumerate(bank):
                QuizQuestion.objects.create(
                    quiz=quiz, question=question, form=form, sort_order=order
                )
        pair.append(quiz)
    return pair[0], pair[1]


def _clip(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def simulated_response(question: Question, right: bool, rng: random.Random) -> dict:
    """What a person of a given ability ticks: the key if ``right``, else a plausible error."""
    choices = list(question.choices.all())
    correct = [c.pk for c in choices if c.is_correct]
    wrong = [c.pk for c in choices if not c.is_correct]
    if question.kind == QuestionType.SINGLE:
        return {"choice": correct[0] if right else rng.choice(wrong)}
    if question.kind == QuestionType.MULTIPLE:
        if right:
            return {"choices": correct}
        return {"choices": rng.sample(correct, max(1, len(correct) - 1)) + rng.sample(wrong, 1)}
    if question.kind == QuestionType.TRUE_FALSE:
        return {"value": question.answer_true if right else not question.answer_true}
    if question.kind == QuestionType.MATCHING:
        ids = [c.pk for c in choices]
        targets = ids if right else ids[1:] + ids[:1]
        return {"pairs": {str(left): target for left, target in zip(ids, targets, strict=True)}}
    return {"text": question.answer_key().accepted[0] if right else "ບໍ່ຮູ້"}


def seed_attempt(quiz, person, ability, form, when, rng, **group) -> Attempt | None:
    """A submitted web attempt with item answers drawn from ``ability`` (0..1); once only."""
    if Attempt.objects.filter(quiz=quiz, person=person, **group).exists():
        return None
    questions = draw_questions(quiz, form=form, seed=SEED)
    responses = {}
    for question in questions:
        chance = _clip(ability + DIFFICULTY_SHIFT[question.difficulty], 0.05, 0.97)
        responses[question.pk] = simulated_response(question, rng.random() < chance, rng)
    keys = {question.pk: question.answer_key() for question in questions}
    credits, score = score_responses(keys, responses)
    attempt = Attempt.objects.create(
        quiz=quiz,
        person=person,
        form=form,
        source=AttemptSource.WEB,
        status=AttemptStatus.SUBMITTED,
        started_at=when,
        submitted_at=when + datetime.timedelta(minutes=rng.randint(12, 28)),
        score_percent=score,
        seed=rng.randrange(2**31),
        question_ids=[q.pk for q in questions],
        **group,
    )
    Answer.objects.bulk_create(
        Answer(attempt=attempt, question=q, response=responses[q.pk], score=credits[q.pk])
        for q in questions
    )
    return attempt


def abilities(person, rng: random.Random) -> tuple[float, float]:
    pre_mean, gain_mean = SECTOR_PROFILE.get(person.sector.code, SECTOR_PROFILE["other"])
    pre = _clip(rng.gauss(pre_mean, 10) / 100, 0.1, 0.95)
    post = _clip(pre + rng.gauss(gain_mean, 8) / 100, 0.1, 0.98)
    return pre, post


def demo_time(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def person_rng(*keys) -> random.Random:
    """A generator per person and event or course, so a rerun makes the same choices."""
    return random.Random(":".join(str(k) for k in (SEED, *keys)))


@transaction.atomic
def load():
    """The question bank; the courses' demo builds pre/post pairs from it."""
    return build_questions(build_tags())
