from django.db import migrations, models


class Migration(migrations.Migration):
    """The name-key postings indexed with the birth year before the person (ADR 0122)."""

    dependencies = [
        ("cases", "0009_merge_name_folded_and_match_defaults"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="personnamekey",
            name="person_name_key_postings",
        ),
        migrations.AddIndex(
            model_name="personnamekey",
            index=models.Index(
                fields=["organisation", "kind", "key", "birth_year", "person"],
                name="person_name_key_year_postings",
            ),
        ),
    ]
