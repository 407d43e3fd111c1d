# Kazakhstan's numeric dates and 24-hour clock: "12.04.2026 08:12". Numeric,
# because Django's Kazakh month names are capitalised ("12 Сәуір").
DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y, H:i"
MONTH_DAY_FORMAT = "d.m"  # the charts' day ticks
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
