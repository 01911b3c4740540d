"""Seed provinces, sectors, institutions and ranks from lms/data (copied from shared/domain)."""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

SECTORS = [
    # code, English, Lao
    ("police", "Police", "ຕຳຫຼວດ"),
    ("prosecutor", "Prosecutors", "ໄອຍະການ"),
    ("judge", "Judges", "ຜູ້ພິພາກສາ"),
    ("defence", "Defence attorneys", "ທະນາຍຄວາມ"),
    ("social-welfare", "Social welfare", "ສະຫວັດດີການສັງຄົມ"),
    ("other", "Other", "ອື່ນໆ"),
]


def rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_reference_data(apps, schema_editor):
    Province = apps.get_model("lms", "Province")
    Sector = apps.get_model("lms", "Sector")
    Organisation = apps.get_model("lms", "Organisation")
    Rank = apps.get_model("lms", "Rank")

    for row in rows("provinces.csv"):
        Province.objects.update_or_create(
            code=row["national_code"],
            defaults={
                "iso_code": row["iso_3166_2"],
                "name_en": row["name_en"],
                "name_lo": row["name_lo"],
            },
        )
    sectors = {}
    for order, (code, name_en, name_lo) in enumerate(SECTORS):
        sectors[code], _ = Sector.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_lo": name_lo, "sort_order": order}
        )
    for row in rows("institutions.csv"):
        Organisation.objects.update_or_create(
            key=row["key"],
            defaults={
                "sector": sectors[row["sector"]],
                "level": row["level"],
                "name_en": row["name_en"],
                "name_lo": row["name_lo"],
                "abbreviation_en": row["abbr_en"],
                "abbreviation_lo": row["abbr_lo"],
                "verified": row["verified"] == "yes",
            },
        )
    for order, row in enumerate(rows("ranks.csv")):
        Rank.objects.update_or_create(
            name_en=row["rank_en"],
            defaults={
                "name_lo": row["rank_lo"],
                "abbreviation_lo": row["abbr_lo"],
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lms", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
