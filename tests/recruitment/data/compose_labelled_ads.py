"""Compose the labelled advertisement set (labelled_ads.csv) from hand-written fragments.

Run: .venv/bin/python tests/recruitment/data/compose_labelled_ads.py  (seeded: same file each time)
See README.md beside this file for how the fragments were written and what the figures mean.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTS = {"ru": 60, "en": 50, "kk": 30, "uz-Latn": 30, "ky": 10, "tg": 10, "uz-Cyrl": 10}
PLATFORMS = ("telegram", "instagram", "olx", "facebook", "vk", "hh")

F: dict[str, dict[str, list[str]]] = {
    "ru": {
        "risky_open": [
            "Требуются девушки для работы хостес в ночном клубе в Дубае.",
            "Набираем танцовщиц в шоу-программу, Турция, Анталья.",
            "Работа за границей для девушек! Официантки в караоке-бар, Южная Корея.",
            "Приглашаем на работу в крупную компанию в ОАЭ, разнорабочие и упаковщики.",
            "Требуются рабочие на стройку в Стамбуле.",
            "Работа для девушек в Малайзии, массажистки в спа-салон.",
            "Ищем няню в богатую семью за рубежом.",
            "Горничные в отель на Кипре, сезон.",
        ],
        "risky": [
            "Зарплата от 3000 долларов в месяц.",
            "Заработок 2500$ и выше, лёгкие деньги.",
            "Опыт работы и знание языка не требуются.",
            "Без опыта, всему научим на месте.",
            "Билеты и визу оплачиваем, потом отработаете с первой зарплаты.",
            "Перелёт за счёт работодателя, стоимость вычтут из вашей зарплаты.",
            "Паспорт на время работы хранится у работодателя.",
            "Паспорт сдаёте менеджеру по приезду, для регистрации.",
            "Срочно, вылет через неделю, места ограничены!",
            "Договор подпишем на месте.",
            "Работа без оформления, оплата наличными.",
            "Оплата за оформление визы 300 долларов.",
            "Предоплата за услуги агентства 200$.",
            "Едете по туристической визе, на месте всё решим.",
            "Девушки 18-27 лет, приятная внешность, не замужем, рост от 165.",
            "Фото в полный рост присылайте в директ.",
            "Подробности только в WhatsApp.",
            "Пишите в Телеграм, звонки не принимаем.",
        ],
        "safe_open": [
            "ТОО «Алматы Курылыс» приглашает на работу бетонщиков в Алматы.",
            "Сеть супермаркетов «Магнум» ищет кассиров в Астане.",
            "Клиника «Медикер» (Шымкент, ул. Байтурсынова, 12) приглашает медсестру.",
            "ОсОО «Бишкек Текстиль» набирает швей на производство в Бишкеке.",
            "Отель Rixos Almaty ищет администратора ресепшн.",
            "Агентство занятости: вакансии водителей категории C в Ташкенте.",
            "Завод «Кызылорда Машзавод» приглашает слесаря-ремонтника.",
            "Школа №45 г. Душанбе приглашает учителя английского языка.",
        ],
        "safe": [
            "Официальное трудоустройство по трудовому договору, соцпакет.",
            "Заработная плата 250 000 тенге, выплата два раза в месяц.",
            "Оклад 35 000 сомов плюс премии.",
            "График 5/2, с 9:00 до 18:00.",
            "Требуется опыт работы от 2 лет и медицинская книжка.",
            "Резюме на почту отдела кадров: hr@example.kz.",
            "Собеседование в офисе компании, паспорт остаётся у вас.",
        ],
        "hard": [
            "Без предоплаты и без оплаты за трудоустройство: услуги агентства оплачивает работодатель.",
            "Никакой предоплаты, мы лицензированное агентство (лицензия № 0123).",
            "Работа в Дубае по рабочей визе, трудовой договор до выезда, лицензия агентства № 45.",
            "Вопросы можно задать в WhatsApp или по телефону отдела кадров.",
            "Срочно требуется повар в кафе на Абая 10.",
            "Без опыта: обучение за счёт компании, официальное оформление.",
        ],
    },
    "en": {
        "risky_open": [
            "Hostesses wanted for a luxury night club in Dubai.",
            "Dancers needed for a show in Istanbul, Turkey.",
            "Hiring girls to work as waitresses in a karaoke bar in South Korea.",
            "Warehouse packers needed in the UAE for a big company.",
            "Construction workers needed in Antalya.",
            "Massage therapists for a spa in Malaysia.",
            "Nanny wanted for a rich family abroad.",
        ],
        "risky": [
            "Salary from $3,000 a month, easy money.",
            "Earn up to 2500 USD per month.",
            "No experience and no English needed.",
            "Flights and visa paid by us, you work it off from your first salary.",
            "Free tickets, the cost is deducted from your wages later.",
            "Your passport will be kept by the employer for registration.",
            "You hand over your passport to the manager on arrival.",
            "Urgent! Departure next week, limited places.",
            "Contract signed on arrival.",
            "Cash in hand, no contract.",
            "Processing fee of $300 for the visa.",
            "Pay a registration fee of 150 USD upfront.",
            "You travel on a tourist visa, we sort everything there.",
            "Girls 18-26, attractive, slim, unmarried.",
            "Send a full-length photo by DM.",
            "Details only on WhatsApp.",
        ],
        "safe_open": [
            "Kazakhmys Copper LLP is hiring electricians for its Zhezkazgan plant.",
            "Green Valley Hotel, 15 Abay Avenue, Almaty, seeks a front desk receptionist.",
            "The British School of Tashkent is recruiting a mathematics teacher.",
            "Bishkek Logistics Ltd. is hiring truck drivers (category C/E).",
            "Samruk Energy is recruiting a junior accountant in Astana.",
            "Dushanbe City Hospital is hiring registered nurses.",
        ],
        "safe": [
            "Written employment contract, paid leave and health insurance.",
            "Salary 400,000 KZT gross per month, paid twice monthly.",
            "Minimum two years of experience required.",
            "Working hours Monday to Friday, 9:00 to 18:00.",
            "Apply with your CV through our careers page or at the HR office.",
            "Interviews at our office; you keep your passport and all your documents.",
        ],
        "hard": [
            "No recruitment fees: the employer pays all costs of recruitment.",
            "We never charge workers any fee; licensed agency No. 1187.",
            "Job in Dubai with a work visa and a contract signed before departure.",
            "Questions? Message us on WhatsApp or call the HR office.",
            "Urgent: cook needed for our cafe on Tole Bi Street.",
            "No experience needed: paid training and an official contract.",
        ],
    },
    "kk": {
        "risky_open": [
            "Дубайдағы түнгі клубқа хостес қыздар керек.",
            "Түркияға, Анталияға бишілер қажет.",
            "Кореяға жұмысқа қыздар шақырамыз, караоке-барда даяшы.",
            "БАӘ-дегі ірі компанияға жұмысшылар керек.",
            "Малайзияда спа-салонға массажистер керек.",
        ],
        "risky": [
            "Жалақы айына 3000 доллардан бастап.",
            "Жоғары жалақы, оңай ақша.",
            "Тәжірибе қажет емес, тіл білу қажет емес.",
            "Билет тегін, жол ақысы жалақыдан ұсталады.",
            "Билет жұмыс беруші есебінен, кейін жұмыс істеп өтейсіз.",
            "Паспортыңызды жұмыс беруші сақтайды.",
            "Келген соң паспортты тіркеу үшін тапсырасыз.",
            "Шұғыл! Орындар шектеулі.",
            "Келісімшартсыз, ресми емес жұмыс.",
            "Алдын ала төлем 200 доллар.",
            "Туристік визамен барасыз.",
            "Қыздар 18-25 жас, сымбатты, тұрмысқа шықпаған.",
            "Толығырақ WhatsApp арқылы.",
            "Телеграмға жазыңыз.",
        ],
        "safe_open": [
            "«Қазақтелеком» АҚ Алматы қаласында монтажшы жұмысқа алады.",
            "Астанадағы №12 емхана мейірбике іздейді.",
            "«Шымкент Сүт» ЖШС өндірісіне операторлар қажет.",
            "Қарағанды облысының жұмыспен қамту орталығы жүргізушілерді шақырады.",
            "«Ақтөбе Темір» зауытына дәнекерлеуші керек.",
        ],
        "safe": [
            "Ресми еңбек шарты, әлеуметтік пакет.",
            "Жалақы айына 280 000 теңге.",
            "Жұмыс кестесі 5/2, 9:00-ден 18:00-ге дейін.",
            "Кемінде 2 жыл жұмыс тәжірибесі қажет.",
            "Түйіндемені кадр бөліміне жіберіңіз: hr@example.kz.",
        ],
        "hard": [
            "Жұмысқа орналастыру тегін, ешқандай алдын ала төлем жоқ.",
            "Сұрақтар болса, WhatsApp-қа жазыңыз.",
            "Тәжірибе қажет емес, оқыту компания есебінен.",
        ],
    },
    "ky": {
        "risky_open": [
            "Дубайдагы түнкү клубга хостес кыздар керек.",
            "Түркияга курулушка жумушчулар керек.",
            "Кореяга бийчи кыздар керек.",
        ],
        "risky": [
            "Айлык 2500 доллардан жогору.",
            "Тажрыйба керек эмес, тил билүү талап кылынбайт.",
            "Билет бекер, жол кире айлыктан кармалат.",
            "Паспортуңуз иш берүүчүдө сакталат.",
            "Шашылыш! Орундар чектелүү.",
            "Кыздар 18-25, сымбаттуу, турмушка чыга элек.",
            "Келишимсиз иштейсиз.",
            "Толук маалымат WhatsApp аркылуу.",
        ],
        "safe_open": [
            "«Кыргызтелеком» ААК Бишкекте электрик жумушка алат.",
            "Ош шаардык ооруканасына медайым керек.",
        ],
        "safe": [
            "Расмий эмгек келишими, социалдык пакет.",
            "Айлык 30 000 сом.",
            "Иш графиги 5/2.",
            "Тажрыйба 2 жылдан кем эмес.",
        ],
        "hard": ["Жумушка орноштуруу акысыз."],
    },
    "tg": {
        "risky_open": [
            "Ба клуби шабона дар Дубай духтарон лозим.",
            "Ба Туркия коргарон лозим, сохтмон.",
        ],
        "risky": [
            "Маош аз 3000 доллар.",
            "Таҷриба лозим нест.",
            "Чипта ройгон, роҳкиро аз маош тарҳ карда мешавад.",
            "Шиноснома барои бақайдгирӣ супорида мешавад.",
            "Фаврӣ! Ҷойҳо маҳдуд.",
            "Духтарон 18-25, зебо, шавҳар накарда.",
            "Бе шартнома кор мекунед.",
            "Тафсилот дар WhatsApp.",
        ],
        "safe_open": [
            "Ширкати «Тоҷиктелеком» дар Душанбе барқчӣ ба кор мегирад.",
            "Беморхонаи шаҳрии Хуҷанд ҳамшираи тиббӣ лозим.",
        ],
        "safe": [
            "Шартномаи расмии меҳнатӣ, суғуртаи тиббӣ.",
            "Маош 4000 сомонӣ.",
            "Ҷадвали кор 5/2.",
            "Таҷрибаи корӣ на камтар аз 2 сол.",
        ],
        "hard": ["Ба кор қабул кардан ройгон."],
    },
    "uz-Latn": {
        "risky_open": [
            "Dubaydagi tungi klubga hostes qizlar kerak.",
            "Turkiyaga, Antaliyaga raqqosalar kerak.",
            "Koreyaga karaoke-barga ofitsiantka qizlar kerak.",
            "BAAdagi yirik kompaniyaga ishchilar kerak.",
            "Malayziyada massajist qizlar kerak.",
        ],
        "risky": [
            "Oylik 3000 dollardan boshlab.",
            "Yuqori maosh, oson pul.",
            "Tajriba shart emas, til bilish shart emas.",
            "Chipta bepul, yo'l kira maoshdan ushlab qolinadi.",
            "Chipta ish beruvchi hisobidan, keyin ishlab qaytarasiz.",
            "Pasportingiz ish beruvchida saqlanadi.",
            "Kelganda pasportni ro'yxatdan o'tkazish uchun topshirasiz.",
            "Shoshilinch! Joylar cheklangan.",
            "Shartnomasiz, norasmiy ish.",
            "Oldindan to'lov 200 dollar.",
            "Turistik viza bilan borasiz.",
            "Qizlar 18-25 yosh, chiroyli, turmushga chiqmagan.",
            "Batafsil Telegram orqali.",
            "Faqat WhatsApp'ga yozing.",
        ],
        "safe_open": [
            "«Uztelecom» AK Toshkentda montajchilarni ishga oladi.",
            "Samarqand viloyat shifoxonasiga hamshira kerak.",
            "«Andijon Tekstil» MChJ tikuvchilarni ishga taklif qiladi.",
            "Toshkent shahar bandlik markazi haydovchilarni taklif qiladi.",
            "«Navoiy Kon» kombinatiga payvandchi kerak.",
        ],
        "safe": [
            "Rasmiy mehnat shartnomasi, ijtimoiy paket.",
            "Oylik maosh 5 000 000 so'm.",
            "Ish vaqti 9:00 dan 18:00 gacha, 5/2.",
            "Kamida 2 yil ish tajribasi talab qilinadi.",
            "Rezyumeni kadrlar bo'limiga yuboring: hr@example.uz.",
        ],
        "hard": [
            "Ishga joylashtirish bepul, hech qanday oldindan to'lov yo'q.",
            "Savollar bo'lsa, Telegram orqali yozing.",
            "Tajriba shart emas, o'qitish kompaniya hisobidan.",
        ],
    },
    "uz-Cyrl": {
        "risky_open": [
            "Дубайдаги тунги клубга хостес қизлар керак.",
            "Туркияга қурилишга ишчилар керак.",
        ],
        "risky": [
            "Ойлик 2500 доллардан юқори.",
            "Тажриба шарт эмас.",
            "Чипта бепул, йўл кира маошдан ушлаб қолинади.",
            "Паспортингиз иш берувчида сақланади.",
            "Шошилинч! Жойлар чекланган.",
            "Қизлар 18-25 ёш, чиройли, турмушга чиқмаган.",
            "Шартномасиз ишлайсиз.",
            "Батафсил WhatsApp орқали.",
        ],
        "safe_open": [
            "«Ўзбектелеком» АК Тошкентда электрикларни ишга олади.",
            "Бухоро вилоят шифохонасига ҳамшира керак.",
        ],
        "safe": [
            "Расмий меҳнат шартномаси, ижтимоий пакет.",
            "Ойлик маош 6 000 000 сўм.",
            "Иш вақти 5/2.",
            "Камида 2 йил иш тажрибаси талаб қилинади.",
        ],
        "hard": ["Ишга жойлаштириш бепул."],
    },
}


def compose(rng: random.Random, parts: dict[str, list[str]], risky: bool) -> str:
    if risky:
        body = rng.sample(parts["risky"], rng.choice((2, 2, 3, 3, 4)))
        return " ".join([rng.choice(parts["risky_open"]), *body])
    body = rng.sample(parts["safe"], min(len(parts["safe"]), rng.choice((2, 3))))
    if rng.random() < 0.4:
        body.insert(rng.randrange(len(body) + 1), rng.choice(parts["hard"]))
    return " ".join([rng.choice(parts["safe_open"]), *body])


def main() -> None:
    rng = random.Random(18)
    rows = []
    for language, count in COUNTS.items():
        seen: set[str] = set()
        for index in range(count):
            risky = index % 2 == 0
            text = compose(rng, F[language], risky)
            while text in seen:
                text = compose(rng, F[language], risky)
            seen.add(text)
            ad_id = f"{language}-{index + 1:03d}"
            day = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
            rows.append((ad_id, language, int(risky), rng.choice(PLATFORMS), day, text))
    with open(HERE / "labelled_ads.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("ad_id", "language", "risky", "platform", "date", "text"))
        writer.writerows(rows)


if __name__ == "__main__":
    main()
