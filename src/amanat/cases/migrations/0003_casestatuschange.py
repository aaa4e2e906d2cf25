# The case status history moves from assistance to cases (ADR 0013). State only: the table
# `assistance_casestatuschange` created by assistance 0001 stays where it is, with its rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import amanat.privacy.fields


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0002_person_org_updated"),
        # The table exists once assistance 0001 has run; this migration only takes it over.
        ("assistance", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CaseStatusChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("closed", "Closed"),
                                    ("reopened", "Reopened"),
                                    ("transferred", "Transferred to another organisation"),
                                    ("follow_up", "Moved to follow-up"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("from_status", models.CharField(max_length=16)),
                        ("to_status", models.CharField(max_length=16)),
                        ("reason", models.CharField(blank=True, max_length=48)),
                        ("note", amanat.privacy.fields.EncryptedTextField(blank=True, default="")),
                        ("at", models.DateTimeField()),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="cases.case",
                            ),
                        ),
                        (
                            "from_case_worker",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "from_organisation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.organisation",
                            ),
                        ),
                        (
                            "to_case_worker",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "to_organisation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "assistance_casestatuschange",
                        "ordering": ["at", "id"],
                        "indexes": [
                            models.Index(fields=["case", "at"], name="case_status_change_case")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
