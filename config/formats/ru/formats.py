# One date style for the whole site in Russian: "11 августа 2015" (the genitive month, without
# Django's trailing "г.", which doubles the width of a date in a table).
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
