from django.db import migrations


class Migration(migrations.Migration):
    """Joins the two 0010 migrations merged in parallel (keyset indexes; name-key postings)."""

    dependencies = [
        ("cases", "0010_keyset_indexes"),
        ("cases", "0010_name_key_year_postings"),
    ]

    operations = []
