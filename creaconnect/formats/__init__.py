"""Date and time formats per interface language (``FORMAT_MODULE_PATH``).

One European, unambiguous style per language: day before month, the month as a word wherever a
person reads a date (never ``12/04/2026``, read as 12 April in Europe and 4 December in the
US), 24-hour time (never "3 p.m."). Form inputs take ISO first, so ``<input type="date">``
gets the value a browser expects in every language. Formats not set here are Django's.
"""

# Shared by every language: what forms render into inputs and accept back.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d. %m. %Y.", "%d.%m.%Y."]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
    "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
