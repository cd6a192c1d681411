"""The seed of the จปฐ. 2560–2564 version: questions and structured rules for the 31 indicators.

Wording, categories, units and TPMAP dimensions come from data/jpt2560/indicators.csv; this file
adds what the CSV states only in prose: the questions asked and each rule in the rule language.
Once loaded, the version lives in the database and is edited there (nothing here is read again).
Where the sources are uncertain (see data/jpt2560/README.md) the rule follows the questionnaire's
main item; the national manager can change any rule or threshold per version.
"""

# name, unit, kind, Thai label, English label, min, max
QUESTIONS: list[tuple[str, str, str, str, str, int | None, int | None]] = [
    # household
    ("food_safe", "household", "yes_no", "ครัวเรือนกินอาหารถูกสุขลักษณะ ปลอดภัย ได้มาตรฐาน ครบทั้ง 4 ข้อ", "The household follows all 4 safe-food practices", None, None),
    ("medicine_ok", "household", "yes_no", "ครัวเรือนใช้ยาบำบัดอาการเจ็บป่วยเบื้องต้นอย่างเหมาะสม ครบทั้ง 4 ข้อ", "The household uses medicines appropriately (all 4 items)", None, None),
    ("secure_tenure", "household", "yes_no", "ครัวเรือนมีความมั่นคงในที่อยู่อาศัย", "The household has secure tenure of its dwelling", None, None),
    ("durable_house", "household", "yes_no", "บ้านมีสภาพคงทนถาวร", "The house is durable", None, None),
    ("drinking_water", "household", "yes_no", "มีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี อย่างน้อยคนละ 5 ลิตรต่อวัน", "Enough clean drinking water all year (5 L per person per day)", None, None),
    ("domestic_water", "household", "yes_no", "มีน้ำใช้เพียงพอตลอดปี อย่างน้อยคนละ 45 ลิตรต่อวัน", "Enough water for domestic use all year (45 L per person per day)", None, None),
    ("home_hygienic", "household", "yes_no", "บ้านเป็นระเบียบเรียบร้อย สะอาด ถูกสุขลักษณะ ครบทั้ง 8 ข้อ", "The home is orderly, clean and hygienic (all 8 items)", None, None),
    ("no_pollution", "household", "yes_no", "ครัวเรือนไม่ถูกรบกวนจากมลพิษ", "The household is not disturbed by pollution", None, None),
    ("disaster_prevention", "household", "yes_no", "ครัวเรือนป้องกันอุบัติภัยและภัยธรรมชาติอย่างถูกวิธี ครบทั้ง 4 ด้าน", "The household takes proper precautions against accidents and disasters", None, None),
    ("safe", "household", "yes_no", "ในรอบปีที่ผ่านมา ครัวเรือนปลอดภัยในชีวิตและทรัพย์สิน", "The household was safe in life and property in the past year", None, None),
    ("income_total_baht", "household", "integer", "รายได้ทั้งหมดของครัวเรือนในรอบปี (บาท)", "Total household income over the past year (baht)", 0, 50_000_000),
    ("saves", "household", "yes_no", "ครัวเรือนมีการเก็บออมเงินในรอบปี", "The household saved money in the past year", None, None),
    ("public_activity", "household", "yes_no", "คนในครัวเรือนมีส่วนร่วมทำกิจกรรมสาธารณะเพื่อชุมชน", "Members took part in public activities for the community", None, None),
    ("warm_family", "household", "yes_no", "ครอบครัวมีความอบอุ่น", "The family is warm and caring", None, None),
    # person: status questions (who an indicator applies to)
    ("disabled", "person", "yes_no", "เป็นผู้พิการ", "Has a disability", None, None),
    ("chronic", "person", "yes_no", "เป็นผู้ป่วยโรคเรื้อรัง", "Is chronically ill", None, None),
    ("self_care_unable", "person", "yes_no", "พิการจนช่วยเหลือตนเองไม่ได้", "Has a disability and cannot look after themself", None, None),
    ("student_full_time", "person", "yes_no", "เป็นนักเรียน/นักศึกษาเต็มเวลาที่ไม่ได้ทำงาน", "Is a full-time student who does not work", None, None),
    ("finished_m3_last_year", "person", "yes_no", "จบชั้น ม.3 ในปีที่ผ่านมา", "Finished Mathayom 3 in the past year", None, None),
    ("left_school_no_job", "person", "yes_no", "จบการศึกษาภาคบังคับ ไม่ได้เรียนต่อ และยังไม่มีงานทำ", "Finished compulsory school, not studying and without a job", None, None),
    # person: answers the indicators judge
    ("birth_weight_g", "person", "integer", "น้ำหนักแรกเกิด (กรัม)", "Birth weight (grams)", 300, 7000),
    ("breastfed_6m", "person", "yes_no", "กินนมแม่อย่างเดียว 6 เดือนแรก", "Fed only breast milk for the first 6 months", None, None),
    ("vaccinated", "person", "yes_no", "ได้รับวัคซีนครบตามตาราง", "Has received every vaccine due", None, None),
    ("checkup", "person", "yes_no", "ได้รับการตรวจสุขภาพประจำปี", "Had an annual health check-up", None, None),
    ("exercise", "person", "yes_no", "ออกกำลังกายอย่างน้อยสัปดาห์ละ 3 วัน วันละ 30 นาที", "Exercises at least 3 days a week, 30 minutes a day", None, None),
    ("preschool", "person", "yes_no", "ได้รับบริการเลี้ยงดูเตรียมความพร้อมก่อนวัยเรียน", "Receives pre-school care", None, None),
    ("in_school", "person", "yes_no", "กำลังเรียนในการศึกษาภาคบังคับ 9 ปี", "Is enrolled in 9-year compulsory education", None, None),
    ("continued_m4", "person", "yes_no", "ได้เรียนต่อชั้น ม.4 หรือเทียบเท่า", "Went on to Mathayom 4 or equivalent", None, None),
    ("vocational_training", "person", "yes_no", "ได้รับการฝึกอบรมด้านอาชีพ", "Received vocational training", None, None),
    ("literate", "person", "yes_no", "อ่าน เขียนภาษาไทย และคิดเลขอย่างง่ายได้", "Can read and write Thai and do simple arithmetic", None, None),
    ("has_occupation", "person", "yes_no", "มีอาชีพ", "Has an occupation", None, None),
    ("has_income", "person", "yes_no", "มีรายได้", "Has an income", None, None),
    ("drinks", "person", "yes_no", "ดื่มสุรา", "Drinks alcohol", None, None),
    ("smokes", "person", "yes_no", "สูบบุหรี่", "Smokes", None, None),
    ("religious_weekly", "person", "yes_no", "ปฏิบัติกิจกรรมทางศาสนาอย่างน้อยสัปดาห์ละ 1 ครั้ง", "Takes part in religious activities weekly", None, None),
    ("elder_cared", "person", "yes_no", "ผู้สูงอายุได้รับการดูแล", "The elderly person receives care", None, None),
    ("disabled_cared", "person", "yes_no", "ผู้พิการได้รับการดูแล", "The person with a disability receives care", None, None),
    ("chronic_cared", "person", "yes_no", "ผู้ป่วยเรื้อรังได้รับการดูแล", "The chronically ill person receives care", None, None),
]  # fmt: skip

# number -> (age_min, age_max, applies_when, pass_when)
RULES: dict[int, tuple[int | None, int | None, str, str]] = {
    1: (0, 0, "", "birth_weight_g >= param.birth_weight_min_g"),
    2: (0, 1, "", "breastfed_6m"),
    3: (0, 12, "", "vaccinated"),
    4: (None, None, "", "food_safe"),
    5: (None, None, "", "medicine_ok"),
    6: (35, None, "", "checkup"),
    7: (6, None, "", "exercise"),
    8: (None, None, "", "secure_tenure and durable_house"),
    9: (None, None, "", "drinking_water"),
    10: (None, None, "", "domestic_water"),
    11: (None, None, "", "home_hygienic"),
    12: (None, None, "", "no_pollution"),
    13: (None, None, "", "disaster_prevention"),
    14: (None, None, "", "safe"),
    15: (3, 5, "", "preschool"),
    16: (6, 14, "", "in_school"),
    17: (None, None, "finished_m3_last_year", "continued_m4"),
    18: (None, None, "left_school_no_job", "vocational_training"),
    19: (15, 59, "", "literate"),
    20: (15, 59, "not student_full_time and not self_care_unable", "has_occupation and has_income"),
    21: (60, None, "not self_care_unable", "has_occupation and has_income"),
    22: (None, None, "", "income_total_baht / members >= param.income_line_baht"),
    23: (None, None, "", "saves"),
    24: (None, None, "", "not drinks"),
    25: (None, None, "", "not smokes"),
    26: (6, None, "", "religious_weekly"),
    27: (60, None, "", "elder_cared"),
    28: (None, None, "disabled", "disabled_cared"),
    29: (None, None, "chronic", "chronic_cared"),
    30: (None, None, "", "public_activity"),
    31: (None, None, "", "warm_family"),
}

PARAMETERS = {"income_line_baht": 38000, "birth_weight_min_g": 2500}

VERSION = {
    "code": "jpt-2560-2564",
    "title_th": "ข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี 2560–2564",
    "title_en": "Basic Minimum Needs (BMN) survey 2017–2021",
    "year_from_be": 2560,
    "year_to_be": 2564,
    # Which household question carries the household's yearly income (for income per person).
    "income_question": "income_total_baht",
}
