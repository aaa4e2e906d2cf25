"""Demo kept advertisements: a handful screened and kept by the demo case manager of the Almaty
NGO, two of them linked to one of that organisation's demo cases as recruitment evidence.

Every advertisement is invented (no real post, handle or company); addresses are placeholders.
Called by `amanat.platform.demo` through `seed(context)`, inside its transaction, through the
services (so each keep and link is audited and the case timeline shows the link).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amanat.recruitment.services import ad_keep, ad_link_case

# (text, platform, placeholder address, days ago, link to the demo case)
ADS = [
    (
        "Срочно! Девушки 18-25 в ночной клуб в Дубае, зарплата 3000$. Перелёт за счёт "
        "работодателя, потом отработаешь. Паспорт сдать на хранение. Пиши в WhatsApp.",
        "Instagram",
        "https://example.kz/demo/ads/1",
        40,
        True,
    ),
    (
        "Ресейге жылыжайға жұмысшылар керек. Төлқұжаттар жұмыс біткенше бізде болады. "
        "Жалақы маусым аяғында.",
        "Telegram",
        "https://example.kz/demo/ads/2",
        25,
        True,
    ),
    (
        "Need girls for hospitality work in Malaysia. Good looks a must, age under 26. Ticket "
        "is advanced by the company and recovered from your pay.",
        "Facebook",
        "https://example.kz/demo/ads/3",
        12,
        False,
    ),
    (
        "Turkiyada oilaga enaga kerak. Yosh 30 gacha. Viza va chiptani kompaniya oladi, "
        "3 oy ishlab qaytarasiz. Telegramga yozing.",
        "Telegram",
        "https://example.kz/demo/ads/4",
        6,
        False,
    ),
    (
        "Almaty city library seeks an archivist. Degree in information science required. "
        "Written contract, salary 300,000 tenge. Apply at the library office.",
        "",
        "https://example.kz/demo/ads/5",
        3,
        False,
    ),
]


def seed(context: dict) -> None:
    user = context["users"]["casemanager"]
    case = next(
        (c for c in context["cases"] if c.owner_organisation_id == user.organisation_id), None
    )
    today = timezone.localdate()
    for text, platform, url, days_ago, link in ADS:
        ad = ad_keep(
            user=user,
            text=text,
            url=url,
            platform=platform,
            found_on=today - dt.timedelta(days=days_ago),
        )
        if link and case is not None:
            ad_link_case(user=user, ad_id=ad.pk, case_id=case.pk)
