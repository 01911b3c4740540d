"""Demo content for the shared core: locales, home pages, the registry and demo users.

Every step is idempotent and seeded, so ``load_demo_data`` can run any number of
times and always builds the same site. Other apps add their own steps (DEMO_DATA_STEPS in
the settings) and publish their pages with ``upsert_child`` and ``publish_translation``.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile

from lms import groups
from lms.models import HomePage, Organisation, Person, Province, Rank, Sector, Sex

DEMO_PASSWORD = "charj-demo-2026"
SEED = 20161

# (Lao, romanised) given names: Lao names are "given name, family name".
WOMEN_NAMES = [
    ("ມະນີວັນ", "Manivanh"),
    ("ແສງເດືອນ", "Sengdeuane"),
    ("ວັນນາ", "Vanna"),
    ("ດາວວອນ", "Daovone"),
    ("ພອນທິບ", "Phonethip"),
    ("ສຸດາລັດ", "Soudalath"),
    ("ນິດສະໄໝ", "Nitsamai"),
    ("ຈັນທະວີ", "Chanthavy"),
    ("ອາລຸນີ", "Alouny"),
    ("ມາລີ", "Maly"),
    ("ສົມຈິດ", "Somchit"),
    ("ແກ້ວມະນີ", "Keomany"),
    ("ລັດສະໝີ", "Latsamy"),
    ("ເພັດສະໝອນ", "Phetsamone"),
    ("ທິບພະວັນ", "Thipphavanh"),
    ("ຄຳຫຼ້າ", "Khamla"),
    ("ບົວລາ", "Bouala"),
    ("ວິລະວັນ", "Viravanh"),
]
MEN_NAMES = [
    ("ສົມພອນ", "Somphone"),
    ("ບຸນມີ", "Bounmy"),
    ("ສີສະຫວາດ", "Sisavath"),
    ("ຄຳພອນ", "Khamphone"),
    ("ພອນສະຫວັນ", "Phonesavanh"),
    ("ທອງສະຫວັນ", "Thongsavanh"),
    ("ບົວພັນ", "Bouaphanh"),
    ("ສົມສັກ", "Somsack"),
    ("ວັນນະສັກ", "Vannasack"),
    ("ອານຸສອນ", "Anousone"),
    ("ໄຊຍະສິດ", "Xayasith"),
    ("ສີສຸພັນ", "Sisouphanh"),
    ("ຄຳແສງ", "Khamsaeng"),
    ("ບຸນທັນ", "Bounthanh"),
    ("ສຸກສະຫວັນ", "Souksavanh"),
    ("ພູວົງ", "Phouvong"),
    ("ສົມບັດ", "Sombath"),
    ("ວິໄລ", "Vilay"),
]
FAMILY_NAMES = [
    ("ພົມມະຈັນ", "Phommachanh"),
    ("ສີສຸລາດ", "Sisoulath"),
    ("ວົງສະຫວັນ", "Vongsavanh"),
    ("ແກ້ວມະນີວົງ", "Keomanivong"),
    ("ສຸວັນນະວົງ", "Souvannavong"),
    ("ໄຊຍະວົງ", "Xayavong"),
    ("ພິມມະສອນ", "Phimmasone"),
    ("ອິນທະວົງ", "Inthavong"),
    ("ລາດຊະວົງ", "Latsavong"),
    ("ສີຫາລາດ", "Sihalath"),
    ("ບຸບຜາ", "Bouppha"),
    ("ຈັນທະລາ", "Chanthala"),
    ("ແສງສຸລິຍາ", "Sengsouliya"),
    ("ດວງປັນຍາ", "Douangpanya"),
    ("ຄຳພູວົງ", "Khamphouvong"),
    ("ພົມມະວົງ", "Phommavong"),
    ("ສີລາວົງ", "Silavong"),
    ("ທຳມະວົງ", "Thammavong"),
]
# Sector -> (English, Lao) positions.
POSITIONS = {
    "police": [
        ("Investigator", "ພະນັກງານສືບສວນ"),
        ("Border police officer", "ຕຳຫຼວດຊາຍແດນ"),
        ("Deputy head of division", "ຮອງຫົວໜ້າພະແນກ"),
    ],
    "prosecutor": [("Prosecutor", "ໄອຍະການ"), ("Deputy chief prosecutor", "ຮອງຫົວໜ້າໄອຍະການ")],
    "judge": [("Judge", "ຜູ້ພິພາກສາ"), ("Court clerk", "ເລຂານຸການສານ")],
    "defence": [("Lawyer", "ທະນາຍຄວາມ"), ("Trainee lawyer", "ທະນາຍຄວາມຝຶກຫັດ")],
    "social-welfare": [("Social worker", "ພະນັກງານສັງຄົມສົງເຄາະ"), ("Counsellor", "ຜູ້ໃຫ້ຄຳປຶກສາ")],
    "other": [("Officer", "ພະນັກງານ")],
}
# How many of the demo registry work in each sector, roughly as CHARJ trains them.
SECTOR_WEIGHTS = {
    "police": 35,
    "prosecutor": 20,
    "judge": 18,
    "defence": 10,
    "social-welfare": 12,
    "other": 5,
}
# Provincial offices created for the demo, by province code.
PROVINCIAL_OFFICES = ["01", "05", "06", "12", "13", "16"]
REGISTRY_SIZE = 300


def ensure_locales():
    for code in ("lo", "en"):
        Locale.objects.get_or_create(language_code=code)


def publish_page(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _stream_data(stream) -> list:
    """A StreamField's content without its block ids."""
    return [(child.block_type, child.block.get_prep_value(child.value)) for child in stream]


def _field_differs(page: Page, name: str, value) -> bool:
    field = page._meta.get_field(name)
    current = getattr(page, name)
    if field.many_to_many:
        return {item.pk for item in current.all()} != {item.pk for item in value}
    if isinstance(field, StreamField):
        # ``value`` may be JSON text or a list of (block type, value): compared as content.
        return _stream_data(current) != _stream_data(field.to_python(value))
    return current != value


def is_current(page: Page, fields: dict) -> bool:
    """Whether ``page`` is live, with no draft, and already has ``fields``."""
    return (
        bool(page.pk)
        and page.live
        and not page.has_unpublished_changes
        and not any(_field_differs(page, name, value) for name, value in fields.items())
    )


def update_and_publish(page: Page, **fields) -> Page:
    """Set ``fields`` and publish, unless the live page already has them (no new revision:
    republishing unchanged pages would make the manual's PDF look stale on every load)."""
    if is_current(page, fields):
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    return publish_page(page)


def upsert_child(parent: Page, model, slug: str, **fields) -> Page:
    """Create or update the child page ``slug`` of ``parent`` and publish it if it changed."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        plain = {name: value for name, value in fields.items() if not _is_many(model, name)}
        page = model(slug=slug, **plain)
        parent.add_child(instance=page)
    return update_and_publish(page, **fields)


def _is_many(model, name: str) -> bool:
    return model._meta.get_field(name).many_to_many


def publish_translation(source: Page, language_code: str, **fields) -> Page:
    """Create (or update) the translation of ``source`` and publish it with ``fields``."""
    locale = Locale.objects.get(language_code=language_code)
    translation = source.get_translation_or_none(locale)
    if translation is None:
        translation = source.copy_for_translation(locale, copy_parents=False)
    return update_and_publish(translation.specific, **fields)


HOME_LO = {
    "title": "ການຝຶກອົບຮົມຂະແໜງຍຸຕິທຳ ດ້ານການຕ້ານການຄ້າມະນຸດ",
    "introduction": (
        "ບ່ອນຮຽນຂອງຕຳຫຼວດ, ໄອຍະການ, ຜູ້ພິພາກສາ ແລະ ທະນາຍຄວາມ ເພື່ອນຳໃຊ້"
        "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ປີ 2016 ເຂົ້າໃນວຽກງານປະຈຳວັນ."
    ),
    "body": (
        "<p>ອ່ານປຶ້ມຄູ່ມືການຝຶກອົບຮົມ, ຮຽນຫຼັກສູດຕາມຂະແໜງການຂອງທ່ານ, ເຮັດແບບທົດສອບ "
        "ແລະ ຮັບໃບຢັ້ງຢືນ. ໂຄງການ CHARJ ຂອງ IOM ຮ່ວມກັບ ກະຊວງປ້ອງກັນຄວາມສະຫງົບ, "
        "ອົງການໄອຍະການປະຊາຊົນສູງສຸດ, ສານປະຊາຊົນ ແລະ ສະພາທະນາຍຄວາມ.</p>"
    ),
}
HOME_EN = {
    "title": "Counter-Trafficking Justice Training",
    "introduction": (
        "The learning place for police officers, prosecutors, judges and defence attorneys "
        "applying the 2016 Lao Law on Anti-Trafficking in Persons in their daily work."
    ),
    "body": (
        "<p>Read the training manual, take the courses for your sector, sit the tests and "
        "earn certificates. IOM's CHARJ project works with the Ministry of Public Security, "
        "the Office of the Supreme People's Prosecutor, the People's Courts and the Lao Bar "
        "Association.</p>"
    ),
}


def build_home_pages() -> HomePage:
    """The Lao home page at the site root and its English translation."""
    lao = Locale.objects.get(language_code="lo")
    root = Page.get_first_root_node()
    # Wagtail's own "Welcome" page makes way for ours.
    for page in root.get_children().specific():
        if not isinstance(page, HomePage):
            page.delete()
    home = HomePage.objects.filter(locale=lao).first()
    if home is None:
        home = root.add_child(instance=HomePage(slug="home", locale=lao, live=False, **HOME_LO))
    home = update_and_publish(home, **HOME_LO)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page, site.hostname, site.port = home, "localhost", 80
    site.site_name = "CHARJ"
    site.save()
    publish_translation(home, "en", **HOME_EN)
    return home


def build_provincial_offices():
    """Provincial police, prosecution and court offices for a few provinces."""
    kinds = [
        (
            "police-provincial",
            "police",
            "Provincial Police Headquarters, {en}",
            "ກອງບັນຊາການ ປກສ ແຂວງ{lo}",
        ),
        (
            "prosecutor-office",
            "prosecutor",
            "People's Prosecutor Office of {en}",
            "ອົງການໄອຍະການປະຊາຊົນແຂວງ{lo}",
        ),
        ("court", "judge", "People's Court of {en}", "ສານປະຊາຊົນແຂວງ{lo}"),
    ]
    sectors = {s.code: s for s in Sector.objects.all()}
    for province in Province.objects.filter(code__in=PROVINCIAL_OFFICES):
        for key, sector, name_en, name_lo in kinds:
            capital = province.code == "01"
            Organisation.objects.update_or_create(
                key=f"{key}-{province.code}",
                defaults={
                    "sector": sectors[sector],
                    "level": "provincial",
                    "province": province,
                    "name_en": name_en.format(en=province.name_en),
                    "name_lo": (name_lo.replace("ແຂວງ", "ນະຄອນຫຼວງ") if capital else name_lo).format(
                        lo=province.name_lo.removeprefix("ນະຄອນຫຼວງ")
                    ),
                },
            )


def build_registry(size: int = REGISTRY_SIZE):
    """A seeded registry of officials across sectors, sexes and provinces."""
    rng = random.Random(SEED)
    sectors = {s.code: s for s in Sector.objects.all()}
    provinces = list(Province.objects.all())
    organisations = {}
    for organisation in Organisation.objects.select_related("sector"):
        organisations.setdefault(organisation.sector.code, []).append(organisation)
    ranks = list(Rank.objects.all())[4:]  # colonels and below
    existing = set(Person.objects.values_list("phone", flat=True))
    codes = list(SECTOR_WEIGHTS)
    weights = list(SECTOR_WEIGHTS.values())
    for number in range(size):
        sector_code = rng.choices(codes, weights)[0]
        sex = Sex.FEMALE if rng.random() < 0.42 else Sex.MALE
        given = rng.choice(WOMEN_NAMES if sex == Sex.FEMALE else MEN_NAMES)
        family = rng.choice(FAMILY_NAMES)
        organisation = rng.choice(organisations[sector_code])
        province = organisation.province or rng.choice(provinces)
        position_en, position_lo = rng.choice(POSITIONS[sector_code])
        phone = f"+85620{5000_0000 + number * 7919 % 4999_9999:08d}"
        birth_year = rng.randint(1965, 1999)
        has_email = rng.random() < 0.3
        if phone in existing:
            continue
        Person.objects.create(
            name_lo=f"{given[0]} {family[0]}",
            name_latin=f"{given[1]} {family[1]}",
            sex=sex,
            birth_year=birth_year,
            sector=sectors[sector_code],
            organisation=organisation,
            position=position_lo if rng.random() < 0.7 else position_en,
            rank=rng.choice(ranks) if sector_code == "police" else None,
            province=province,
            phone=phone,
            email=f"{given[1].lower()}.{family[1].lower()}{number}@example.la" if has_email else "",
        )


DEMO_USERS = [
    # username, group, language, first name, (Lao name, romanised, sex, sector) or None
    ("admin", groups.ADMINISTRATORS, "en", "Admin", None),
    (
        "trainer",
        groups.TRAINERS,
        "lo",
        "Trainer",
        ("ຄຳພອນ ສີສຸລາດ", "Khamphone Sisoulath", "m", "police"),
    ),
    (
        "trainer_judge",
        groups.TRAINERS,
        "lo",
        "Trainer",
        ("ແສງເດືອນ ອິນທະວົງ", "Sengdeuane Inthavong", "f", "judge"),
    ),
    ("staff", groups.PROGRAMME_STAFF, "en", "Staff", None),
    (
        "learner",
        groups.LEARNERS,
        "lo",
        "Learner",
        ("ມະນີວັນ ພົມມະຈັນ", "Manivanh Phommachanh", "f", "prosecutor"),
    ),
    (
        "learner_en",
        groups.LEARNERS,
        "en",
        "Learner",
        ("ສົມສັກ ວົງສະຫວັນ", "Somsack Vongsavanh", "m", "judge"),
    ),
]


def build_demo_users():
    User = get_user_model()
    capital = Province.objects.get(code="01")
    for username, group_name, language, first_name, person in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@example.la"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = username == "admin"
        user.save()
        user_groups = [Group.objects.get(name=group_name)]
        if person and group_name == groups.TRAINERS:
            # A trainer edits the courses of their own sector (lms.access, courses.permissions).
            sector_group = groups.SECTOR_TRAINER_GROUPS[person[3]]
            user_groups.append(Group.objects.get_or_create(name=sector_group)[0])
        user.groups.set(user_groups)
        # The admin speaks each account's language: the Lao trainers read it in Lao.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        if person:
            name_lo, name_latin, sex, sector_code = person
            sector = Sector.objects.get(code=sector_code)
            Person.objects.update_or_create(
                user=user,
                defaults={
                    "name_lo": name_lo,
                    "name_latin": name_latin,
                    "sex": sex,
                    "sector": sector,
                    "organisation": sector.organisations.order_by("pk").first(),
                    "province": capital,
                },
            )


@transaction.atomic
def load():
    ensure_locales()
    build_home_pages()
    build_provincial_offices()
    build_registry()
    build_demo_users()
