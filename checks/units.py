"""Unit vocabularies for quantities: currencies (ISO 4217), SI measures, durations, qualifiers."""

from __future__ import annotations

import re

# Prefixes glued to "$": "US$", "C$", "HK$" (case-insensitive, may have a space before "$").
DOLLAR_PREFIXES = {
    "us": "USD", "u.s.": "USD", "u.s": "USD", "usd": "USD", "c": "CAD", "ca": "CAD",
    "can": "CAD", "cad": "CAD", "hk": "HKD", "hkd": "HKD", "nz": "NZD", "nzd": "NZD",
    "mex": "MXN", "mx": "MXN", "mxn": "MXN", "aud": "AUD", "sgd": "SGD",
}  # fmt: skip
# Case-sensitive, no space: a lower-case "a $5" is the article, not Australian dollars.
DOLLAR_PREFIXES_EXACT = {"A": "AUD", "AU": "AUD", "S": "SGD", "R": "BRL", "NT": "TWD", "Z": "ZWL"}
SYMBOLS = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW",
    "₺": "TRY", "₿": "BTC", "₴": "UAH", "₪": "ILS", "₦": "NGN", "₱": "PHP", "₫": "VND",
    "฿": "THB", "₡": "CRC", "₾": "GEL", "₭": "LAK", "元": "CNY", "ரூ": "LKR",
}  # fmt: skip
# ISO codes written before or after the number ("USD 200", "200 EUR").
CODES = {
    c: c
    for c in (
        "USD EUR GBP JPY CNY INR CHF CAD AUD NZD HKD SGD RUB BRL MXN ZAR SEK NOK DKK KRW "
        "TRY PLN UAH ILS BTC CZK HUF THB IDR MYR PHP VND NGN EGP SAR AED ARS CLP COP LKR PKR NPR "
        "BDT KES"
    ).split()
}
CODES["RMB"] = "CNY"
# Lower-case codes that are not English words, so "10 rmb" and "usd 20" are safe to read.
LOWER_CODES = {"usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "chf", "hkd", "nzd", "btc"}
# Currency words after a number; an adjective before them picks the country.
CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "kuai": "CNY", "rupee": "INR", "franc": "CHF",
    "peso": "MXN", "ruble": "RUB", "rouble": "RUB", "won": "KRW", "lira": "TRY",
    "lire": "ITL", "rand": "ZAR", "krona": "SEK", "kronor": "SEK", "krone": "NOK",
    "kroner": "NOK", "guilder": "NLG", "peseta": "ESP", "markka": "FIM", "mark": "DEM",
    "bitcoin": "BTC", "shekel": "ILS", "naira": "NGN", "ringgit": "MYR", "baht": "THB",
    "hryvnia": "UAH", "zloty": "PLN", "real": "BRL", "reais": "BRL", "dinar": "DZD",
    "dirham": "AED", "riyal": "SAR", "rupiah": "IDR", "lari": "GEL", "kip": "LAK",
}  # fmt: skip
CURRENCY_ADJECTIVES = {
    "us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "hong kong": "HKD", "new zealand": "NZD", "singapore": "SGD", "taiwan": "TWD",
    "mexican": "MXN", "argentine": "ARS", "philippine": "PHP", "chilean": "CLP",
    "colombian": "COP", "swiss": "CHF", "french": "FRF", "belgian": "BEF", "british": "GBP",
    "egyptian": "EGP", "turkish": "TRY", "italian": "ITL", "german": "DEM", "deutsche": "DEM",
    "dutch": "NLG", "netherlands": "NLG", "finnish": "FIM", "spanish": "ESP", "chinese": "CNY",
    "japanese": "JPY", "indian": "INR", "pakistani": "PKR", "sri lankan": "LKR",
    "russian": "RUB", "swedish": "SEK", "norwegian": "NOK", "danish": "DKK", "south african": "ZAR",
    "israeli": "ILS", "brazilian": "BRL", "korean": "KRW", "south korean": "KRW",
}  # fmt: skip
# Sub-units: scaled into their currency ("50 cents" is 0.5 USD).
SUBUNITS = {"cent": ("USD", 0.01), "penny": ("GBP", 0.01), "pence": ("GBP", 0.01),
            "satoshi": ("BTC", 1e-8), "dime": ("USD", 0.1), "kopek": ("RUB", 0.01)}  # fmt: skip

DURATIONS = {
    "second": "second", "sec": "second", "secs": "second", "minute": "minute", "min": "minute",
    "mins": "minute", "hour": "hour", "hr": "hour", "hrs": "hour", "day": "day",
    "week": "week", "month": "month", "year": "year", "yr": "year", "yrs": "year",
    "decade": "decade", "century": "century", "centuries": "century", "millennium": "millennium",
    "fortnight": "fortnight", "quarter": "quarter", "semester": "semester",
}  # fmt: skip
# Measures: spelled-out name (singular) or symbol -> our symbol (SI where there is one).
MEASURE_WORDS = {
    "kilometre": "km", "kilometer": "km", "metre": "m", "meter": "m", "centimetre": "cm",
    "centimeter": "cm", "millimetre": "mm", "millimeter": "mm", "nanometre": "nm",
    "nanometer": "nm", "micrometre": "µm", "micrometer": "µm", "mile": "mi", "foot": "ft",
    "feet": "ft", "inch": "in", "inches": "in", "yard": "yd", "kilogram": "kg", "kilo": "kg",
    "gram": "g", "milligram": "mg", "microgram": "µg", "tonne": "t", "ton": "t",
    "ounce": "oz", "litre": "L", "liter": "L", "millilitre": "mL", "milliliter": "mL",
    "centilitre": "cL", "centiliter": "cL", "gallon": "gal", "acre": "acre", "hectare": "ha",
    "watt": "W", "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW", "terawatt": "TW",
    "volt": "V", "kilovolt": "kV", "hertz": "Hz", "gigahertz": "GHz", "megahertz": "MHz",
    "joule": "J", "calorie": "cal", "kilocalorie": "kcal", "byte": "B", "megabyte": "MB",
    "gigabyte": "GB", "terabyte": "TB", "exabyte": "EB", "kilobyte": "kB", "bit": "bit",
    "kelvin": "K", "knot": "kn", "electronvolt": "eV",
    "kilowatt-hour": "kWh", "megawatt-hour": "MWh", "gigawatt-hour": "GWh",
    "terawatt-hour": "TWh", "degree": "°", "pound": "lb",
}  # fmt: skip
MEASURE_SYMBOLS = {
    "km": "km", "m": "m", "cm": "cm", "mm": "mm", "nm": "nm", "µm": "µm", "mi": "mi",
    "ft": "ft", "yd": "yd", "kg": "kg", "g": "g", "mg": "mg", "µg": "µg", "t": "t",
    "lb": "lb", "lbs": "lb", "oz": "oz", "l": "L", "L": "L", "ml": "mL", "mL": "mL",
    "cl": "cL", "gal": "gal", "ha": "ha", "W": "W", "kW": "kW", "MW": "MW", "GW": "GW",
    "TW": "TW", "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "Wh": "Wh",
    "Hz": "Hz", "kHz": "kHz", "MHz": "MHz", "GHz": "GHz", "eV": "eV", "keV": "keV",
    "MeV": "MeV", "GeV": "GeV", "TeV": "TeV", "kB": "kB", "KB": "kB", "MB": "MB",
    "GB": "GB", "TB": "TB", "PB": "PB", "EB": "EB", "km2": "km2", "km²": "km2",
    "m2": "m2", "m²": "m2", "km3": "km3", "km³": "km3", "m3": "m3", "m³": "m3",
    "cm3": "cm3", "cm³": "cm3", "°C": "°C", "°F": "°F", "ºC": "°C", "ºF": "°F",
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "kmh": "km/h", "m/s": "m/s", "mpg": "mpg",
    "kV": "kV", "V": "V", "mGy": "mGy", "kcal": "kcal", "sq mi": "mi2", "sq km": "km2",
    "Km": "km", "KM": "km", "kms": "km", "Kms": "km", "KMs": "km", "Kg": "kg", "KG": "kg",
    "kgs": "kg", "Kgs": "kg", "MT": "t", "MMT": "t", "MTPA": "t", "MMTPA": "t", "mtpa": "t",
    "Mt": "t",
}  # fmt: skip
# Symbols that carry a scale: "49 MTPA" is 49 million tonnes (a year), "3 MMT" 3 million tonnes.
SCALED_SYMBOLS = {"MMT": 1e6, "MTPA": 1e6, "MMTPA": 1e6, "mtpa": 1e6, "Mt": 1e6}
SQUARE = {"km": "km2", "m": "m2", "mi": "mi2", "ft": "ft2", "cm": "cm2"}
CUBIC = {"km": "km3", "m": "m3", "cm": "cm3", "ft": "ft3", "mm": "mm3"}
TEMPERATURE = {"celsius": "°C", "centigrade": "°C", "fahrenheit": "°F"}

# Qualifier surface forms -> the small normalised set (README: quantities).
QUALIFIERS = {
    "at least": "at least", "no less than": "at least", "no fewer than": "at least",
    "a minimum of": "at least", "minimum of": "at least", "upwards of": "more than",
    "at most": "at most", "no more than": "at most", "a maximum of": "at most",
    "maximum of": "at most", "not more than": "at most",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "circa": "about", "an estimated": "about", "estimated": "about",
    "approx.": "about", "close to": "nearly", "nearly": "nearly", "almost": "nearly",
    "just under": "nearly", "more than": "more than", "over": "more than",
    "above": "more than", "in excess of": "more than", "greater than": "more than",
    "exceeding": "more than", "higher than": "more than", "well over": "more than",
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "below": "less than", "lower than": "less than", "up to": "up to",
    "as many as": "up to", "as much as": "up to", "as high as": "up to",
    "exactly": "exactly", "precisely": "exactly", "just over": "more than",
}  # fmt: skip
QUALIFIER_PATTERN = "|".join(re.escape(k) for k in sorted(QUALIFIERS, key=len, reverse=True))

PERIODS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "quarter": "quarter", "year": "year", "annum": "year", "decade": "decade",
    "capita": "capita", "head": "person", "person": "person", "share": "share",
    "barrel": "barrel", "kg": "kg", "kilogram": "kg", "gallon": "gal", "litre": "L",
    "liter": "L", "ton": "t", "tonne": "t", "pound": "lb", "unit": "unit", "student": "student",
    "household": "household", "family": "family", "worker": "worker", "employee": "employee",
    "child": "child", "citizen": "citizen", "resident": "resident", "visit": "visit",
    "game": "game", "mile": "mi", "km": "km", "kilometre": "km", "kilometer": "km",
}  # fmt: skip
ADVERB_PERIODS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year",
                  "yearly": "year", "hourly": "hour", "quarterly": "quarter"}  # fmt: skip

IRREGULAR_PLURALS = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife",
    "knives": "knife", "halves": "half", "series": "series", "species": "species",
    "news": "news", "police": "police", "staff": "staff", "data": "data", "media": "media",
    "criteria": "criterion", "phenomena": "phenomenon", "indices": "index",
}  # fmt: skip
# Irregular plurals of counted things: "2m people" is two million of them, not two metres.
COUNTED_IRREGULAR = frozenset("people men women children staff police".split())
_SINGULAR_RULES = (
    (re.compile(r"(?<=[^aeiou])ies$"), "y"),
    (re.compile(r"(ss|x|ch|sh|zz)es$"), r"\1"),
    (re.compile(r"(?<=[^su])s$"), ""),
)


def singular(word: str) -> str:
    """Return the singular lower-case form of an English noun ("companies" -> "company")."""
    word = word.lower()
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith(("ss", "us", "is", "ics")) or len(word) <= 3:
        return word
    for pattern, repl in _SINGULAR_RULES:
        new, n = pattern.subn(repl, word)
        if n:
            return new
    return word
