# One date style for the whole site in Spanish: "11 ago 2015", short enough for a table
# column on a phone (Django's own "11 de septiembre de 2015" is not).
DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "j b Y, H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
