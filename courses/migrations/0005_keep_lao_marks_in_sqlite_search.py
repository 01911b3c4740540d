"""Rebuild SQLite's full-text table with a tokenizer that keeps Lao vowel signs and tone marks.

FTS5's default ``unicode61`` tokenizer treats marks (Unicode category M*) as separators
and drops them, so ຄ່າ ("fee") and ຄ້າ ("trade") index as the same letters. Listing the
categories that make up a token keeps them. PostgreSQL needs nothing: this is a no-op there.
https://www.sqlite.org/fts5.html#unicode61_tokenizer
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRY_TABLE = "wagtailsearch_indexentry"
LAO_TOKENIZER = "unicode61 categories 'L* N* Co M*'"
DEFAULT_TOKENIZER = "unicode61"


def _recreate_fts_table(schema_editor, tokenizer):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        if not cursor.fetchone()[0]:
            # SQLite without FTS5: Wagtail falls back to plain LIKE queries.
            return
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title, "
            f'tokenize="{tokenizer}")'
        )
        # The insert/update/delete triggers on the entry table refer to the FTS table by
        # name, so they keep working; existing entries are copied back in.
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body, autocomplete) "
            f"SELECT id, title, body, autocomplete FROM {ENTRY_TABLE}"
        )


def use_lao_tokenizer(apps, schema_editor):
    _recreate_fts_table(schema_editor, LAO_TOKENIZER)


def use_default_tokenizer(apps, schema_editor):
    _recreate_fts_table(schema_editor, DEFAULT_TOKENIZER)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_add_manual_pages_and_glossary"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(use_lao_tokenizer, use_default_tokenizer)]
