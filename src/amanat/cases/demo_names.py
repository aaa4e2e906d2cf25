"""Invented first and last names (Cyrillic with a Latin spelling) shared by every app's demo data."""

MALE_FIRST = [
    ("Айбек", "Aibek"),
    ("Нурлан", "Nurlan"),
    ("Бахтиёр", "Bakhtiyor"),
    ("Фаррух", "Farrukh"),
    ("Улан", "Ulan"),
    ("Ержан", "Yerzhan"),
    ("Шухрат", "Shukhrat"),
    ("Азамат", "Azamat"),
    ("Рустам", "Rustam"),
    ("Тимур", "Timur"),
    ("Данияр", "Daniyar"),
    ("Абдулло", "Abdullo"),
    ("Жасур", "Jasur"),
    ("Мирлан", "Mirlan"),
]
FEMALE_FIRST = [
    ("Айгуль", "Aigul"),
    ("Гульнара", "Gulnara"),
    ("Дильноза", "Dilnoza"),
    ("Мадина", "Madina"),
    ("Жылдыз", "Zhyldyz"),
    ("Зарина", "Zarina"),
    ("Нигора", "Nigora"),
    ("Асель", "Asel"),
    ("Шахноза", "Shakhnoza"),
    ("Айпери", "Aiperi"),
]
LAST = [
    ("Абдуллаев", "Abdullaev"),
    ("Касымов", "Kasymov"),
    ("Рахимов", "Rakhimov"),
    ("Токтогулов", "Toktogulov"),
    ("Садыков", "Sadykov"),
    ("Нурматов", "Nurmatov"),
    ("Исмоилов", "Ismoilov"),
    ("Жумабеков", "Zhumabekov"),
    ("Юсупов", "Yusupov"),
    ("Орозбеков", "Orozbekov"),
    ("Шарипов", "Sharipov"),
    ("Бекмуратов", "Bekmuratov"),
]
