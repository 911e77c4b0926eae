"""Names, places and proportions that make load data look like the NGO's real work: most training in the
frontline oblasts, most participants women in social and psychological services, some 85 % consenting to
reporting. Weights are relative, not per cent."""

from content.choices import AgeBand, DisabilityStatus, DisplacementStatus, Oblast, Profession, Sex

# oblast → (weight, [(city in Ukrainian, in English, the community's name)])
OBLASTS: dict[str, tuple[int, list[tuple[str, str, str]]]] = {
    Oblast.DNIPROPETROVSK: (14, [("Дніпро", "Dnipro", "Дніпровська громада"),
                                 ("Кривий Ріг", "Kryvyi Rih", "Криворізька громада"),
                                 ("Нікополь", "Nikopol", "Нікопольська громада"),
                                 ("Павлоград", "Pavlohrad", "Павлоградська громада")]),
    Oblast.KHARKIV: (12, [("Харків", "Kharkiv", "Харківська громада"), ("Ізюм", "Izium", "Ізюмська громада"),
                          ("Чугуїв", "Chuhuiv", "Чугуївська громада")]),
    Oblast.ZAPORIZHZHIA: (10, [("Запоріжжя", "Zaporizhzhia", "Запорізька громада"),
                               ("Оріхів", "Orikhiv", "Оріхівська громада")]),
    Oblast.DONETSK: (8, [("Краматорськ", "Kramatorsk", "Краматорська громада"),
                         ("Слов’янськ", "Sloviansk", "Слов’янська громада")]),
    Oblast.MYKOLAIV: (7, [("Миколаїв", "Mykolaiv", "Миколаївська громада"),
                          ("Вознесенськ", "Voznesensk", "Вознесенська громада")]),
    Oblast.KHERSON: (5, [("Херсон", "Kherson", "Херсонська громада")]),
    Oblast.ODESA: (5, [("Одеса", "Odesa", "Одеська громада"), ("Ізмаїл", "Izmail", "Ізмаїльська громада")]),
    Oblast.KYIV_CITY: (6, [("Київ", "Kyiv", "Київ")]),
    Oblast.KYIV_OBLAST: (4, [("Біла Церква", "Bila Tserkva", "Білоцерківська громада"),
                             ("Ірпінь", "Irpin", "Ірпінська громада")]),
    Oblast.SUMY: (4, [("Суми", "Sumy", "Сумська громада"), ("Охтирка", "Okhtyrka", "Охтирська громада")]),
    Oblast.CHERNIHIV: (3, [("Чернігів", "Chernihiv", "Чернігівська громада")]),
    Oblast.POLTAVA: (3, [("Полтава", "Poltava", "Полтавська громада")]),
    Oblast.KIROVOHRAD: (2, [("Кропивницький", "Kropyvnytskyi", "Кропивницька громада")]),
    Oblast.LUHANSK: (1, [("Сєвєродонецьк", "Sievierodonetsk", "Сєвєродонецька громада")]),
    Oblast.VINNYTSIA: (2, [("Вінниця", "Vinnytsia", "Вінницька громада")]),
    Oblast.CHERKASY: (2, [("Черкаси", "Cherkasy", "Черкаська громада")]),
    Oblast.ZHYTOMYR: (2, [("Житомир", "Zhytomyr", "Житомирська громада")]),
    Oblast.LVIV: (2, [("Львів", "Lviv", "Львівська громада")]),
    Oblast.KHMELNYTSKYI: (1, [("Хмельницький", "Khmelnytskyi", "Хмельницька громада")]),
    Oblast.RIVNE: (1, [("Рівне", "Rivne", "Рівненська громада")]),
    Oblast.VOLYN: (1, [("Луцьк", "Lutsk", "Луцька громада")]),
    Oblast.TERNOPIL: (1, [("Тернопіль", "Ternopil", "Тернопільська громада")]),
    Oblast.IVANO_FRANKIVSK: (1, [("Івано-Франківськ", "Ivano-Frankivsk", "Івано-Франківська громада")]),
    Oblast.ZAKARPATTIA: (1, [("Ужгород", "Uzhhorod", "Ужгородська громада")]),
    Oblast.CHERNIVTSI: (1, [("Чернівці", "Chernivtsi", "Чернівецька громада")]),
}

PROFESSIONS = {Profession.SOCIAL_WORKER: 28, Profession.PSYCHOLOGIST: 20, Profession.CASE_MANAGER: 16,
               Profession.TEACHER: 18, Profession.REHABILITATION_SPECIALIST: 7, Profession.SPEECH_THERAPIST: 4,
               Profession.OTHER: 7}
ORGANISATIONS = {
    Profession.SOCIAL_WORKER: ["Центр надання соціальних послуг", "Управління соціального захисту населення",
                               "Територіальний центр соціального обслуговування"],
    Profession.PSYCHOLOGIST: ["Центр психічного здоров’я", "ГО «Відновлення разом»", "Обласний центр соціальних служб"],
    Profession.CASE_MANAGER: ["Центр надання соціальних послуг", "Служба у справах дітей", "БФ «Право на захист»"],
    Profession.TEACHER: ["Ліцей № {n}", "Гімназія № {n}", "Інклюзивно-ресурсний центр"],
    Profession.REHABILITATION_SPECIALIST: ["Реабілітаційне відділення міської лікарні",
                                           "Центр комплексної реабілітації"],
    Profession.SPEECH_THERAPIST: ["Інклюзивно-ресурсний центр", "Заклад дошкільної освіти № {n}"],
    Profession.OTHER: ["Виконавчий комітет міської ради", "ГО «Громада»", "Центр надання адміністративних послуг"],
}

CONSENT_SHARE = 0.85
SEX = {Sex.FEMALE: 78, Sex.MALE: 19, Sex.UNDISCLOSED: 3}
AGE_BANDS = {AgeBand.UNDER_25: 6, AgeBand.FROM_25: 24, AgeBand.FROM_35: 31, AgeBand.FROM_45: 24,
             AgeBand.FROM_55: 11, AgeBand.OVER_65: 2, AgeBand.UNDISCLOSED: 2}
DISPLACEMENT = {DisplacementStatus.HOST: 70, DisplacementStatus.IDP: 22, DisplacementStatus.RETURNEE: 5,
                DisplacementStatus.UNDISCLOSED: 3}
DISABILITY = {DisabilityStatus.NO: 91, DisabilityStatus.YES: 6, DisabilityStatus.UNDISCLOSED: 3}

FIRST_NAMES = {
    Sex.FEMALE: ["Олена", "Ірина", "Наталія", "Оксана", "Світлана", "Тетяна", "Людмила", "Марія", "Ганна",
                 "Юлія", "Катерина", "Вікторія", "Галина", "Інна", "Лариса", "Алла", "Дарина", "Софія",
                 "Анастасія", "Ольга", "Валентина", "Надія", "Віра", "Любов", "Христина"],
    Sex.MALE: ["Андрій", "Олександр", "Сергій", "Віктор", "Дмитро", "Тарас", "Роман", "Юрій", "Олег",
               "Василь", "Микола", "Іван", "Богдан", "Максим", "Петро", "Ярослав", "Володимир", "Артем"],
}
# Surnames that read the same for women and men.
SURNAMES = ["Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Шевченко", "Мельник", "Бойко", "Савченко",
            "Олійник", "Лисенко", "Мороз", "Руденко", "Кравчук", "Ковальчук", "Марченко", "Петренко",
            "Гончаренко", "Сидоренко", "Павленко", "Климченко", "Поліщук", "Савчук", "Мельничук", "Гребенюк",
            "Зінченко", "Щербак", "Кучер", "Литвиненко", "Білоус", "Дячук", "Приходько", "Тимошенко",
            "Левченко", "Карпенко", "Костенко", "Остапчук", "Юрченко", "Романенко",
            "Федоренко", "Гуменюк"]

VENUES = ["Центр надання соціальних послуг, зала {n}", "Міський центр соціальних служб, конференц-зала",
          "Палац культури, мала зала", "Обласна бібліотека, читальна зала № {n}", "Ліцей № {n}, актова зала"]
VENUES_EN = ["Social Services Centre, hall {n}", "City Social Services Centre, conference hall",
             "Palace of Culture, small hall", "Regional Library, reading room {n}", "Lyceum No. {n}, assembly hall"]

# Sessions: how many days (mostly three) and how full (20–40 seats, mostly filled).
DAYS = {3: 62, 1: 8, 2: 15, 5: 15}
# Courses by demo slug; only crisis communication has pre- and post-tests.
COURSES = {"crisis-communication": 50, "case-management": 30, "burnout-prevention": 20}
# The marks of the third of people who do not simply come every day (the rest are always present).
ATTENDANCE = {"present": 70, "late": 13, "absent": 11, "excused": 6}
