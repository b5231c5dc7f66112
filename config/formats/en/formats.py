# One date style for the whole site in English: "11 Aug 2015" (NSWP writes British English).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
