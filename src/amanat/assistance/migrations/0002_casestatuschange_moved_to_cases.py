# The case status history moved to cases (cases 0003, ADR 0013). State only: the table and its
# rows stay; cases now owns the model that reads them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0001_initial"),
        ("cases", "0003_casestatuschange"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CaseStatusChange")],
            database_operations=[],
        ),
    ]
