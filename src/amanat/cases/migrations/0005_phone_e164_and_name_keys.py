"""Existing persons: phone index as E.164 (ADR 0120) and their first name keys.

Decrypts each person's phone and names once, in batches (the keys must be configured, as for
any start of Amanat); nothing plaintext is written.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from amanat.cases.identity.index import hashed_keys
    from amanat.cases.identity.keys import name_keys
    from amanat.cases.names import rules_version
    from amanat.privacy.crypto import blind_index, normalise_phone

    Person = apps.get_model("cases", "Person")
    Organisation = apps.get_model("accounts", "Organisation")
    PersonNameKey = apps.get_model("cases", "PersonNameKey")
    NameIndexState = apps.get_model("cases", "NameIndexState")
    if not Person.objects.exists():
        return
    countries = dict(Organisation.objects.values_list("id", "country"))
    NameIndexState.objects.all().delete()
    NameIndexState.objects.create(generation=1, rules_version=rules_version())
    pending = []
    for person in Person.objects.filter(anonymised_at__isnull=True).iterator(chunk_size=1000):
        if person.phone:
            region = countries.get(person.owner_organisation_id, "")
            index = blind_index("phone", normalise_phone(person.phone, region))
            if index != person.phone_index:
                person.phone_index = index
                person.save(update_fields=["phone_index"])
        written = " ".join(filter(None, (person.last_name, person.first_name, person.middle_name)))
        latin = " ".join(filter(None, (person.last_name_latin, person.first_name_latin)))
        for kind, key in sorted(hashed_keys(name_keys(written, latin), 1)):
            pending.append(
                PersonNameKey(
                    person_id=person.pk,
                    organisation_id=person.owner_organisation_id,
                    kind=kind,
                    key=key,
                )
            )
        if len(pending) >= 10000:
            PersonNameKey.objects.bulk_create(pending)
            pending = []
    PersonNameKey.objects.bulk_create(pending)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_person_name_keys"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
