"""The project's own generator of realistic person records for record-linkage benchmarks and tests.

People of five languages (Russian, Kazakh, Kyrgyz, Tajik, Uzbek) are drawn from the name lists in
`benchmarks/data/person_names.yaml` with a Zipf skew (so common names are shared by many
different people); each person is then registered several times, the way different organisations
would write them: in Cyrillic, in one of several Latin romanisations (passport/ICAO 9303,
BGN/PCGN, informal, Uzbek Latin with o'/g' in four apostrophe forms, Tajik passport), or both;
with Kazakh/Kyrgyz/Tajik/Uzbek letters typed as Russian ones, typos, first and last names swapped,
fields left empty, birth dates with the day and month swapped, phones in the national formats of
KZ, KG, TJ, UZ and RU, and passport numbers written in different ways.

Every record carries `true_person_id`, so pairwise precision and recall can be computed.
The romanisation tables here are the generator's own and deliberately independent of
`amanat.cases.names` (the engine under test must not grade its own homework).

    python benchmarks/records_generator.py --people 10000 --records 25000 --seed 1 --out r.csv

    from records_generator import generate_people, generate_records
    people = list(generate_people(1000, seed=1))
    for record in generate_records(people, 2500, seed=1): ...
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # loaded by path from the tests too

from records_romanisation import (  # noqa: E402
    _LATIN_CHOICE,
    _RUSSIAN_KEYBOARD,
    APOSTROPHES,
    _romanise_text,
)
from records_variants import (  # noqa: E402
    _document,
    _phone,
    format_date,
    format_document,
    format_phone,
    typo,
)

NAMES_FILE = Path(__file__).with_name("data") / "person_names.yaml"

COLUMNS = (
    "record_id",
    "first_name",
    "last_name",
    "patronymic",
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "gender",
    "citizenship",
    "phone",
    "document_number",
)
OUTPUT_COLUMNS = (*COLUMNS, "true_person_id")

# How often each kind of variation happens in one record (assumptions of the benchmark).
RATES = {
    "cyrillic_only": 0.40,  # else Latin only (0.30) or both (0.30)
    "latin_only": 0.30,
    "russian_keyboard": 0.40,  # national letters typed as Russian ones, per Cyrillic record
    "typo": 0.06,  # per name field
    "swap_names": 0.04,
    "missing_first": 0.02,
    "missing_last": 0.02,
    "missing_patronymic": 0.35,
    "missing_birth": 0.06,
    "swap_day_month": 0.04,
    "year_typo": 0.01,
    "missing_gender": 0.15,
    "missing_citizenship": 0.20,
    "missing_phone": 0.35,
    "other_phone": 0.15,  # a second SIM, a Russian number while working there
    "missing_document": 0.45,
    "other_document": 0.10,  # a new passport
}

# ---------------------------------------------------------------- people


@lru_cache(maxsize=1)
def _names() -> dict:
    with NAMES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _weights(items: list[str], zipf: float) -> list[float]:
    total, out = 0.0, []
    for i in range(len(items)):
        total += 1.0 / (i + 1) ** zipf
        out.append(total)
    return out  # cumulative, for random.choices(cum_weights=)


@lru_cache(maxsize=1)
def _tables() -> dict:
    data = _names()
    zipf = float(data.get("zipf", 1.0))
    tables = {}
    for lang in data["languages"]:
        entry = data[lang]
        tables[lang] = {
            key: (entry[key], _weights(entry[key], zipf))
            for key in ("given_m", "given_f", "surnames")
        }
        tables[lang]["citizenship"] = entry["citizenship"]
        tables[lang]["zoda_share"] = float(entry.get("zoda_share", 0.0))
    return tables


def feminine(surname: str) -> str:
    """The feminine form of a masculine surname (-ов/-ев/-ёв/-ин + а); others do not change."""
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    return surname


def patronymic_ru(father: str, gender: str) -> str:
    """A Russian-style patronymic from the father's given name."""
    if father.endswith("й"):
        return father[:-1] + ("евич" if gender == "M" else "евна")
    if father.endswith(("а", "я")):
        return father[:-1] + ("ич" if gender == "M" else "ична")
    if father.endswith("ь"):
        return father[:-1] + ("евич" if gender == "M" else "евна")
    return father + ("ович" if gender == "M" else "овна")


def generate_people(n: int, seed: int = 0) -> Iterator[dict]:
    """`n` people, deterministic for a seed. Names in Cyrillic (the truth), plus birth date,
    citizenship, phone (country, national significant number) and document number."""
    rng = random.Random(seed)
    tables = _tables()
    langs = list(_names()["languages"])
    lang_cum = _weights_from(list(_names()["languages"].values()))
    start = dt.date(1965, 1, 1).toordinal()
    span = dt.date(2008, 12, 31).toordinal() - start
    for j in range(n):
        lang = rng.choices(langs, cum_weights=lang_cum)[0]
        t = tables[lang]
        gender = "M" if rng.random() < 0.55 else "F"
        given_list, given_cum = t["given_m"] if gender == "M" else t["given_f"]
        given = rng.choices(given_list, cum_weights=given_cum)[0]
        father = rng.choices(t["given_m"][0], cum_weights=t["given_m"][1])[0]
        surname = rng.choices(t["surnames"][0], cum_weights=t["surnames"][1])[0]
        patronymic = ""
        if lang == "tg" and rng.random() < t["zoda_share"]:
            surname = father + "зода"
        elif lang == "ky" and rng.random() < 0.25:
            surname = father + (" уулу" if gender == "M" else " кызы")  # instead of a surname
        else:
            if gender == "F":
                surname = feminine(surname)
            roll = rng.random()
            if lang == "ky" and roll < 0.5:
                patronymic = father + (" уулу" if gender == "M" else " кызы")
            elif lang == "kk" and roll < 0.5:
                patronymic = father + ("ұлы" if gender == "M" else "қызы")
            elif lang == "uz" and roll < 0.4:
                patronymic = father + (" ўғли" if gender == "M" else " қизи")
            else:
                patronymic = patronymic_ru(father, gender)
        citizenship = rng.choice(t["citizenship"])
        phone_country = "RU" if rng.random() < 0.2 else citizenship
        yield {
            "person_id": f"p{j:07d}",
            "language": lang,
            "gender": gender,
            "given": given,
            "surname": surname,
            "patronymic": patronymic,
            "birth_date": dt.date.fromordinal(start + rng.randrange(span)),
            "citizenship": citizenship,
            "phone": _phone(rng, phone_country),
            "document": _document(rng, citizenship),
        }


def _weights_from(shares: list[float]) -> list[float]:
    total, out = 0.0, []
    for s in shares:
        total += s
        out.append(total)
    return out


# ---------------------------------------------------------------- records


def _choose(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    roll, acc = rng.random(), 0.0
    for value, weight in options:
        acc += weight
        if roll < acc:
            return value
    return options[-1][0]


def _record(rng: random.Random, person: dict, record_id: str) -> dict:
    r = RATES
    lang = person["language"]
    given, surname, patronymic = person["given"], person["surname"], person["patronymic"]
    if rng.random() < r["russian_keyboard"]:
        given = given.translate(_RUSSIAN_KEYBOARD)
        surname = surname.translate(_RUSSIAN_KEYBOARD)
        patronymic = patronymic.translate(_RUSSIAN_KEYBOARD)
    scheme = _choose(rng, _LATIN_CHOICE[lang])
    lat_given, lat_surname = _romanise_text(given, scheme), _romanise_text(surname, scheme)
    lat_patronymic = _romanise_text(patronymic, scheme)
    if scheme == "uz":
        mark = rng.choice(APOSTROPHES)
        if mark != "'":
            lat_given, lat_surname = lat_given.replace("'", mark), lat_surname.replace("'", mark)
            lat_patronymic = lat_patronymic.replace("'", mark)
    style = rng.random()
    if style < r["cyrillic_only"]:
        first, last, patr, first_lat, last_lat = given, surname, patronymic, "", ""
    elif style < r["cyrillic_only"] + r["latin_only"]:
        first, last, patr, first_lat, last_lat = lat_given, lat_surname, lat_patronymic, "", ""
    else:  # Cyrillic, with the passport's Latin spelling beside it
        passport = "uz" if lang == "uz" else ("tj" if lang == "tg" else "icao")
        pg = _romanise_text(person["given"], passport)
        ps = _romanise_text(person["surname"], passport)
        first, last, patr, first_lat, last_lat = given, surname, patronymic, pg.upper(), ps.upper()
    if rng.random() < r["typo"]:
        first = typo(rng, first)
    if rng.random() < r["typo"]:
        last = typo(rng, last)
    if first_lat and rng.random() < r["typo"]:
        last_lat = typo(rng, last_lat)
    if rng.random() < r["swap_names"]:
        first, last = last, first
    if rng.random() < r["missing_first"]:
        first = ""
    if rng.random() < r["missing_last"]:
        last = ""
    if rng.random() < r["missing_patronymic"]:
        patr = ""
    birth = ""
    if rng.random() >= r["missing_birth"]:
        day = person["birth_date"]
        if day.day <= 12 and day.day != day.month and rng.random() < r["swap_day_month"]:
            day = day.replace(day=day.month, month=day.day)
        if rng.random() < r["year_typo"]:
            day = day.replace(year=day.year + rng.choice((-1, 1)), day=min(day.day, 28))
        birth = format_date(rng, day)
    gender = ""
    if rng.random() >= r["missing_gender"]:
        m = person["gender"] == "M"
        gender = ("M" if m else "F") if rng.random() < 0.7 else ("Masculine" if m else "Feminine")
    phone = ""
    if rng.random() >= r["missing_phone"]:
        country, nsn = person["phone"]
        if rng.random() < r["other_phone"]:
            country, nsn = _phone(rng, country)
        phone = format_phone(rng, country, nsn)
    document = ""
    if rng.random() >= r["missing_document"]:
        number = person["document"]
        if rng.random() < r["other_document"]:
            number = _document(rng, person["citizenship"])
        document = format_document(rng, number)
    return {
        "record_id": record_id,
        "first_name": first,
        "last_name": last,
        "patronymic": patr,
        "first_name_latin": first_lat,
        "last_name_latin": last_lat,
        "birth_date": birth,
        "gender": gender,
        "citizenship": "" if rng.random() < r["missing_citizenship"] else person["citizenship"],
        "phone": phone,
        "document_number": document,
        "true_person_id": person["person_id"],
    }


def generate_records(people: list[dict], m: int, seed: int = 0) -> Iterator[dict]:
    """`m` records of `people`: every person at least once (while m allows), the rest spread at
    random, in a shuffled order. Deterministic for the same people and seed."""
    rng = random.Random(seed ^ 0x5EED)
    n = len(people)
    owners = list(range(min(n, m))) + [rng.randrange(n) for _ in range(max(0, m - n))]
    rng.shuffle(owners)
    for i, owner in enumerate(owners):
        yield _record(rng, people[owner], f"r{i:07d}")


def write_csv(records: Iterable[dict], out: Path | str) -> int:
    count = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(record)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.people < 1 or args.records < 1:
        parser.error("--people and --records must be at least 1")
    started = time.perf_counter()
    people = list(generate_people(args.people, args.seed))
    count = write_csv(generate_records(people, args.records, args.seed), args.out)
    seconds = time.perf_counter() - started
    print(
        f"{count} records of {len(people)} people in {seconds:.1f} s -> {args.out}", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
