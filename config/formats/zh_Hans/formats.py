# One date style for the whole site in Chinese: "2015年8月11日".
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
# Digits grouped by thousands, as Chinese documents print them ("12,345"); Django's own
# Chinese formats do not group.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
