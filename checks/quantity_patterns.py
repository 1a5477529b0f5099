"""Compiled regular expressions for checks.quantities: the master scanner and context patterns."""

from __future__ import annotations

import re

from checks import units
from checks.numbers import (
    DIGITS_PATTERN,
    MULTIPLIERS,
    SCALE_WORDS,
    UNICODE_FRACTIONS,
    UNITS,
    WORDS_PATTERN,
)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# "May" is only a month when capitalised: "you may 2 ..." is a verb.
_MONTH = (
    r"(?:(?i:january|february|march|april|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)|May|MAY)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth"
).split()
ORDINALS = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS[:20])}
ORDINALS.update({w: (i + 3) * 10 for i, w in enumerate(_ORDINAL_WORDS[20:27])})
ORDINALS.update({"hundredth": 100, "thousandth": 1000})
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORD_ALT = "|".join(sorted(ORDINALS, key=len, reverse=True))
_FRACTION_WORDS = (
    "half halves third thirds quarter quarters fifth fifths sixth sixths eighth eighths"
)
_FRAC_ALT = "|".join(
    sorted((_FRACTION_WORDS + " fourths tenth tenths").split(), key=len, reverse=True)
)
# "a third" is a share before these ("a third of", "a third or more"), and after "by" when no
# noun follows ("fell by a third.", "by a fifth since 2010"; not "by a third party").
SHARE_AFTER = (" of", " million", " billion", " trillion", " percent", " per", " or more",
                " or less", " or so")  # fmt: skip
AFTER_BY = re.compile(
    r"\s*(?:[^\w\s-]|$|(?:since|in|from|to|over|on|at|last|this|compared|and|or|but|while|"
    r"between|after|before|as|within|during|for|year)\b)",
    re.IGNORECASE,
)


# "a week and a half", "the past week and a half": one duration of 1.5 units; "half an hour".
_HALVED = "minute|hour|day|week|month|year|decade|century"

# An ISO code may be written against the number, as financial news does: "GBP1.2bn", "EUR5m".
_GLUED_CODES = "|".join(code for code in units.CODES if len(code) == 3)

MULTIPLIER_WORDS = {"twice": 2, "thrice": 3, "double": 2, "doubl": 2, "tripl": 3, "quadrupl": 4,
                    "halv": 0.5}  # fmt: skip

MASTER = re.compile(
    r"(?P<url>\b(?:https?://|www\.)\S+)"
    r"|(?P<iso>(?<![\d-])" + _YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-]))"
    r"|(?P<time>(?<![\w.,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?(?!\w))?"
    r"|(?<![\w.,])(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s?(?:[ap]\.m\.|[ap]m\b))"
    r"|(?P<dmy>(?<![\w.,])(?P<d1>" + _DAY + r")\s+(?:of\s+)?(?P<m1>" + _MONTH + r")\b\.?"
    r"(?:,?\s+(?P<y1>" + _YEAR + r")(?!\d))?)"
    r"|(?P<mdy>\b(?P<m2>" + _MONTH + r")\b\.?\s+(?P<d2>" + _DAY + r")(?![\d,.]\d|\w)"
    r"(?:,?\s+(?P<y2>" + _YEAR + r")(?!\d))?)"
    r"|(?P<my>\b(?P<m3>" + _MONTH + r")\b\.?,?\s+(?P<y3>" + _YEAR + r")(?![\d,.]\d|\w))"
    r"|(?P<ordd>(?<![\w.,])\d+(?:st|nd|rd|th)\b)"
    r"|(?P<ordw>\b(?i:(?:(?:"
    + _TENS
    + r")-?)?(?:"
    + _ORD_ALT
    + r")|(?:"
    + _TENS
    + r")-(?:"
    + _ORD_ALT
    + r"))\b)"
    r"|(?P<pp1>\b(?i:(?:a|one|half\s+a)\s+(?:full\s+)?percentage[\s-]point)\b)"
    r"|(?P<dur1>\b(?i:(?:(?:an?|one)\s+)?(?P<dw>" + _HALVED + r")\s+and\s+a\s+half)\b)"
    r"|(?P<durh>\b(?i:half\s+an?\s+(?P<hw>" + _HALVED + r"))\b)"
    r"|(?P<frac>\b(?i:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+(?:"
    + _FRAC_ALT
    + r"))\b)"
    r"|(?P<half>\b(?i:half)\b(?=\s+(?:of|an?|the|million|billion|trillion|percent|per cent)\b))"
    r"|(?P<mult>\b(?i:twice|thrice|(?:doubl|tripl|quadrupl)(?:ed|ing|es)|halv(?:ed|ing)"
    r"|(?:double|triple)(?=\s+the\b)|(?:two|three|four|five|six|ten|hundred)fold)\b)"
    r"|(?P<fy>(?<![\w.])(?:19|20)\d\d[-–/]\d\d(?![\w-]))"
    r"|(?P<num>(?:(?<![\w.])|(?<=\b(?:" + _GLUED_CODES + r")))-?" + DIGITS_PATTERN + r")"
    r"|(?P<words>(?i:" + WORDS_PATTERN + r"))"
)

# Context read to the left of a number (matched against a short slice ending at it).
_SYMS = "|".join(re.escape(s) for s in sorted(units.SYMBOLS, key=len, reverse=True) if s != "元")
CURRENCY_BEFORE = re.compile(
    r"(?:(?P<pre>\b(?i:us|u\.s\.?|c|ca|can|cad|hk|hkd|nz|nzd|mex|mx|mxn|aud|usd|sgd))\s?"
    r"|(?P<exact>\b(?:A|AU|S|R|NT|Z)))?"
    r"(?P<sym>\\?(?:" + _SYMS + r"))\s*$"
    r"|(?P<code>\b(?:" + "|".join(units.CODES) + r"|(?i:" + "|".join(units.LOWER_CODES) + r")))"
    r"\s?$"
    r"|(?P<rupee>\b(?:Rs|RS|rs)\.?)\s?$"
)
QUALIFIER_BEFORE = re.compile(r"(?:^|(?<=[^\w]))(?P<q>(?i:" + units.QUALIFIER_PATTERN + r"))\s+$")
SIGN_BEFORE = re.compile(r"(?:(?:^|(?<=[\s(\[]))(?<![\d.,%] )-|−|\b(?i:minus|negative)\s+)$")
OVER_BEFORE = re.compile(r"\b(?i:over)\s+(?:the\s+(?:last|past|next)\s+)?$")
BETWEEN_BEFORE = re.compile(r"\b(?i:between)\s+$")
FROM_BEFORE = re.compile(r"\b(?i:from)\s+$")
YEAR_CUE_BEFORE = re.compile(
    r"(?:\b(?i:in|since|by|of|from|until|till|to|between|and|during|before|after|early|late|"
    r"the|year|fiscal|circa|through|spring|summer|autumn|fall|winter|around|about|'s|"
    + _MONTH[3:-1]
    + r")\s+|(?i:mid|pre|post)-)$"
)

# Context read to the right of a number (anchored with .match at the number's end).
_SCALE_ALT = "|".join(sorted((w for w in SCALE_WORDS if len(w) > 1), key=len, reverse=True))
# A scale word after a space or hyphen, or glued to the digits ("£3billion"); "lakh crore" is
# one scale (10^12).
SCALE_AFTER = re.compile(
    r"(?:(?:\s*-\s*|\s+)(?P<scale>(?i:" + _SCALE_ALT + r"))"
    r"|(?P<glued>(?i:thousand|million|billion|trillion|lakh|crore)))s?\b"
    r"(?P<crore>\s+(?i:crores?)\b)?"
)
GLUED_SCALE_AFTER = re.compile(r"(?P<scale>[kKmMbBTG]|bn|mn|tn|mm|MM|mil)(?![\w%])")
# "one in four", "3 out of every 10", "two out of five hundred": one share, tried where a number
# starts; never a year ("5 in 2019") or a time ("two in 3 minutes") after "in".
_WHOLE = r"(?:\d{1,3}(?:,\d{3})*(?!\d)(?![.,]\d)|(?i:" + WORDS_PATTERN + r"))"
RATIO = re.compile(
    r"(?P<rn>" + _WHOLE + r")\s+(?i:in|out\s+of)\s+(?i:every\s+)?(?P<rd>" + _WHOLE + r")(?![\w-])"
    r"(?!\s+(?i:seconds?|minutes?|hours?|days?|weeks?|months?|years?|hundreds|thousands)\b)"
)
# "half a million": the article between "half" and its scale word.
HALF_A_SCALE = re.compile(r"\s+an?(?=\s+(?i:thousand|million|billion|trillion|lakh|crore)\b)", re.I)
HALF_AFTER = re.compile(r"\s+and\s+(?:an?|one)\s+(?P<w>half|quarter|third)\b", re.I)
PERCENT_AFTER = re.compile(
    r"(?:\s?|-)(?P<pct>%|(?i:per\s?cents?|percents?|pct|percentage(?!\s+points?))\b)"
    r"|\s?(?P<pp>(?i:percentage[\s-]points?|pp|ppt|points?\s+percentage))\b"
    r"|\s?(?P<bp>(?i:basis\s+points?|bps|bp))\b"
)
_ADJ_ALT = "|".join(sorted(units.CURRENCY_ADJECTIVES, key=len, reverse=True)).replace(".", r"\.")
CURRENCY_WORD_AFTER = re.compile(
    r"(?:\s+|-)(?:(?P<adj>(?i:"
    + _ADJ_ALT
    + r"))\s+)?(?P<word>(?i:"
    + "|".join(sorted(units.CURRENCY_WORDS, key=len, reverse=True))
    + r")(?:s|es)?)(?:\s+(?i:sterling))?\b"
    r"|\s?(?P<code>(?:" + "|".join(units.CODES) + r"|(?i:" + "|".join(units.LOWER_CODES) + r")))\b"
    r"|\s?(?P<sym>€|£|元|₡|₾|₭|ரூ|\$)"
)
SUBUNIT_AFTER = re.compile(r"(?:\s+|-)(?P<sub>(?i:cents?|pence|penny|pennies|p(?=\b)|satoshis?|"
                           r"dimes?|kopeks?))\b")  # fmt: skip
TEMPERATURE_AFTER = re.compile(r"\s?(?:°|º|degrees?\s+)\s?(?P<t>[CF]|(?i:celsius|centigrade|"
                               r"fahrenheit))\b|\s?(?P<deg>°|º)")  # fmt: skip
_SYM_ALT = "|".join(re.escape(s) for s in sorted(units.MEASURE_SYMBOLS, key=len, reverse=True))
MEASURE_SYMBOL_AFTER = re.compile(r"(?:\s?)(?P<sym>" + _SYM_ALT + r")(?P<pow>\^?[23²³])?"
                                  r"(?![\w/]|\.\w)")  # fmt: skip
_MW_ALT = "|".join(sorted(units.MEASURE_WORDS, key=len, reverse=True))
MEASURE_WORD_AFTER = re.compile(
    r"(?:\s+|-)(?P<dim>(?i:square|sq\.?|cubic)\s+)?(?P<w>(?i:" + _MW_ALT + r"))(?:e?s)?\b"
    r"(?P<post>\s+(?i:squared|cubed))?(?!-)"
)
_DUR_ALT = "|".join(sorted(units.DURATIONS, key=len, reverse=True))
DURATION_AFTER = re.compile(r"(?:\s+|-)(?P<w>(?i:" + _DUR_ALT + r"))(?:s|es)?\b'?(?!-[a-z]+-)")
TIMES_AFTER = re.compile(r"\s+times\b(?P<cmp>(?=\s+(?:as|more|less|greater|larger|higher|bigger|"
                         r"faster|smaller|lower|the|over|that)\b))?", re.I)  # fmt: skip
FOLD_AFTER = re.compile(r"-fold\b", re.I)
HYPHEN_NOUN_AFTER = re.compile(r"-(?P<w>[a-z]{2,})\b(?!-)")
NOUN_AFTER = re.compile(r"\s+(?P<a>[a-z][a-z'-]*)(?:\s+(?P<b>[a-z][a-z-]*))?")
# The counted noun may be capitalised ("seven Districts", "23 EU countries", "eight Member States").
COUNTED_AFTER = re.compile(r"\s+(?P<a>[A-Za-z][A-Za-z'-]*)(?:\s+(?P<b>[A-Za-z][a-z-]*))?")
# Words between a count and its noun that are no noun themselves: "90,000 more jobs".
BEFORE_NOUN = frozenset("more fewer other additional extra new".split())
# Verbs and adverbs that follow a bare count ("54 rose", "three decreased") are never its noun.
VERB_AFTER = re.compile(r"(?:..ed|..ing|[^aeiou]ly|ally)$")
IRREGULAR_VERBS = frozenset(
    """rose fell grew shrank sank won lost saw went came became made took said had got ran sold
    paid spent left rank began fought held kept met put set told were are is was fled hit cut
    broke chose drove flew froze gave spoke stole wrote bought brought caught sought taught
    thought built sent lent dealt felt slept meant stood struck stuck shot led fed found beat
    did done gone seen been knew threw drew showed remain remains say says""".split()
)
DECADE_AFTER = re.compile(r"'?s\b")

# Rates: "per month", "each month", "a month", "monthly", "/hour", "-a-share".
_PERIOD_ALT = "|".join(sorted(units.PERIODS, key=len, reverse=True))
PER_SLASH_AFTER = re.compile(r"\s?/\s?(?P<p>(?i:" + _PERIOD_ALT + r"|h|hr|yr|d|wk|mo))\b")
PER_PHRASE = re.compile(
    r"(?:^|(?<=[\s-]))(?P<det>(?i:per|an?|each|every))[\s-]+(?P<p>(?i:" + _PERIOD_ALT + r"))s?"
    r"\b(?P<not>\s+(?i:ago|earlier|later|before|after|from|old|of|or|to)\b)?"
    r"|\b(?P<adv>(?i:" + "|".join(units.ADVERB_PERIODS) + r"))\b"
)
PER_BLOCKERS = re.compile(r"\b(?i:in|for|within|over|than|about|after|of|once|last|next|past|"
                          r"that|this|during|by)\s+$")  # fmt: skip
CLAUSE_END = re.compile(r"[;:!?()\"“”]|[.,](?:\s|$)|\s(?:but|while|which|who|whereas)\s")
RANGE_JOIN = re.compile(r"\s*(?:-?\s*(?:to|through|and)|[-–—]|\s[-–—]\s)\s*$", re.I)
CENTS_JOIN = re.compile(r"\s*(?:and\s+)?$", re.I)

FUNCTION_WORDS = frozenset(
    """a an the of and or to in on at by for from with as is are was were be been being has
    have had do does did will would shall should can could may might must this that these those
    it its it's he she they we you i me him her them us our your their his my than then there
    here when where which who whom whose what why how if but so not no nor too very also just
    only more most less least many much few some any all each every""".split()
)
STOPWORDS = FUNCTION_WORDS | frozenset(
    """other such same own new old
    last next first second third major big small large great good bad high low long short
    top key main different important additional extra further several various total whole
    full half about around over under up down out off into onto upon per ago again later
    earlier before after since until while during because although though still even ever
    never always often well back away among between against through across toward towards
    percent percentage million billion trillion thousand hundred dozen times time point
    mark milestone threshold level""".split()
)
# "one" alone is read only before a counted noun, and never in these idioms.
ONE_BLOCKERS = ("no ", "any ", "the ", "that ", "this ", "which ", "each ", "every ", "some ")
ONE_IDIOMS = frozenset("another thing way side hand day time other such more less kind sort "
                       "part reason".split())  # fmt: skip
HYPHEN_STOPWORDS = frozenset("a an the to and or of in on for by per than from plus".split())

# Scanning: only positions that start with a digit, a fraction sign or one of these words are
# tried against MASTER (running MASTER at every position is several times slower).
TOKEN = re.compile(r"\d|[^\W\d_]+|[" + "".join(UNICODE_FRACTIONS) + "]")
TRIGGER_WORDS = frozenset(
    [*UNITS, *MULTIPLIERS, *ORDINALS, *MONTHS, "a", "an", "half", "http", "https", "www"]
    + "twice thrice double doubled doubling doubles triple tripled tripling triples quadrupled "
    "quadrupling quadruples halved halving twofold threefold fourfold fivefold sixfold "
    "tenfold hundredfold".split()
)
# A duration word starts a quantity only in "week and a half" (checked before MASTER: "year" is
# too common a word to run MASTER at each one).
HALVED_WORDS = frozenset(_HALVED.split("|"))
AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
CODE_BEFORE = re.compile(r"(?<![\w-])(?!(?i:mid|pre|post)-)[A-Za-z]\w*-$")
