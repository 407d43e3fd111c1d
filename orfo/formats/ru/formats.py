# Django's Russian formats, but the charts' day ticks short: "12.04", not
# "12 апреля".
MONTH_DAY_FORMAT = "d.m"
