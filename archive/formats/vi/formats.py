"""Vietnamese formats as Vietnamese newspapers print them: 28/05/2022, 12:29, 1.234.567,5.

Django's own vi locale spells dates out ("Ngày 28 tháng 5 năm 2022"), groups no digits and has
no input formats, so 01/10/2024 would parse as 10 January.
"""

DATE_FORMAT = "d/m/Y"  # 28/05/2022
TIME_FORMAT = "H:i"  # 12:29
DATETIME_FORMAT = "d/m/Y H:i"  # 28/05/2022 12:29
YEAR_MONTH_FORMAT = r"\t\h\á\n\g m/Y"  # tháng 05/2022
MONTH_DAY_FORMAT = "d/m"  # 28/05
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 28/05/2022
    "%d-%m-%Y",  # 28-05-2022
    "%Y-%m-%d",  # 2022-05-28 (ISO, what <input type=date> sends)
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
