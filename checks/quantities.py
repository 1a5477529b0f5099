"""Find quantities in text: money, percentages, counts, dates, years, durations, measures, ...

Regex-based and compiled once (checks.quantity_patterns). Dates have `value` YYYYMMDD as a
number, with 00 for an unknown day or month ("December 2025" is 20251200, "May 4" is 504).
Qualifiers are normalised to: at least, at most, about, more than, less than, nearly, up to,
exactly, and range (one Quantity per end of a range).
"""

from __future__ import annotations

import math

from checks import quantity_patterns as P
from checks.numbers import fraction_value, parse_digits, parse_words
from checks.quantity_context import Hit, one_is_quantity, read_left, read_right
from checks.spans import Quantity


def find_quantities(text: str) -> list[Quantity]:
    """Return every quantity in `text`, sorted by start and non-overlapping."""
    hits = _scan(text)
    hits = _join(text, hits)
    _attach_rates(text, hits)
    out = []
    for h in hits:
        if math.isfinite(h.value):
            out.append(Quantity(h.start, h.end, text[h.start : h.end], float(h.value), h.unit,
                                h.kind, h.qualifier, h.per))  # fmt: skip
    return out


def _scan(text: str) -> list[Hit]:
    hits: list[Hit] = []
    last_end, currency = 0, "USD"
    # Names bound locally: this loop runs once per word of every sentence.
    triggers, halved, and_a_half, master = (
        P.TRIGGER_WORDS, P.HALVED_WORDS, P.AND_A_HALF, P.MASTER
    )  # fmt: skip
    for token in P.TOKEN.finditer(text):
        pos = token.start()
        if pos < last_end:
            continue
        word = token.group()
        if word.isalpha():
            # Only a word that may start a quantity is tried against MASTER.
            word = word.lower()
            if word in halved:
                if and_a_half.match(text, token.end()) is None:
                    continue
            elif word not in triggers:
                continue
        m = master.match(text, pos)
        hit = _dispatch(text, m, currency, last_end) if m else None
        if hit is None:
            if m and m.lastgroup in ("time", "url"):
                last_end = m.end()
            continue
        if hit.kind == "money":
            currency = hit.unit or currency
        hits.append(hit)
        last_end = hit.end
    return hits


def _dispatch(text: str, m, currency: str, floor: int) -> Hit | None:
    group = m.lastgroup
    if group in ("iso", "dmy", "mdy", "my"):
        return _date(m)
    if group in ("time", "url"):
        return None
    if group == "fy":
        return Hit(m.start(), m.end(), float(m.group()[:4]), None, "year")
    if group == "ordd":
        return Hit(m.start(), m.end(), float(m.group()[:-2]), None, "ordinal")
    if group == "ordw":
        return _ordinal_word(text, m)
    if group == "mult":
        if m.group()[0].isupper() and text[: m.start()].rstrip()[-1:].isalpha():
            return None  # a word of a name or a title ("Barkakana Doubling"), not a multiple
        word = m.group().lower()
        val = next((v for k, v in P.MULTIPLIER_WORDS.items() if word.startswith(k)), None)
        if val is None:
            val = parse_words(word[:-4]) or 1.0
        return Hit(m.start(), m.end(), val, None, "multiplier")
    if group == "pp1":
        value = 0.5 if m.group().lower().startswith("half") else 1.0
        return Hit(m.start(), m.end(), value, "pp", "percent", unit_given=True)
    if group == "dur1":
        unit = P.units.DURATIONS[m.group("dw").lower()]
        return Hit(m.start(), m.end(), 1.5, unit, "duration", unit_given=True)
    if group == "durh":
        unit = P.units.DURATIONS[m.group("hw").lower()]
        return Hit(m.start(), m.end(), 0.5, unit, "duration", unit_given=True)
    if group in ("frac", "half"):
        return _fraction(text, m, currency, floor)
    return _ratio(text, m.start(), floor) or _number(text, m, currency, floor)


def _date(m) -> Hit:
    g = m.groupdict()
    if g["iso"]:
        y, mo, d = (int(x) for x in g["iso"].split("-"))
    else:
        day = g["d1"] or g["d2"]
        d = int(day.rstrip("stndrh")) if day else 0
        mo = P.MONTHS[(g["m1"] or g["m2"] or g["m3"]).lower()]
        year = g["y1"] or g["y2"] or g["y3"]
        y = int(year) if year else 0
    return Hit(m.start(), m.end(), float(y * 10000 + mo * 100 + d), None, "date")


def _ordinal_word(text: str, m) -> Hit | None:
    word = m.group().lower().replace("-", " ").split()
    head = text[max(0, m.start() - 12) : m.start()].lower()
    after = text[m.end() : m.end() + 7]
    if word[-1] == "first" and (head.endswith("at ") or after.startswith((" of all", ","))):
        return None
    value = float(P.ORDINALS[word[-1]])
    if len(word) > 1 or (word[-1] in P.ORDINALS and word[0] != word[-1]):
        value += parse_words(" ".join(word[:-1])) or 0.0
    return Hit(m.start(), m.end(), value, None, "ordinal")


def _fraction(text: str, m, currency: str, floor: int) -> Hit | None:
    words = m.group().lower().replace("-", " ").split()
    end = m.end()
    if m.lastgroup == "half":
        value = 0.5
        scaled = P.HALF_A_SCALE.match(text, end)
        end = scaled.end() if scaled else end  # "half a trillion dollars": one amount
    else:
        numerator = 1.0 if words[0] in ("a", "an") else parse_words(words[0]) or 1.0
        value = fraction_value(numerator, words[-1]) or 0.0
        singular = words[-1] in ("third", "quarter", "fifth", "sixth", "eighth", "tenth")
        if words[0] in ("a", "an") and singular and not _fraction_context(text, m.start(), m.end()):
            return None
    hit = Hit(m.start(), end, value, None, "count")
    return _finish_number(text, hit, currency, floor, is_words=True)


def _ratio(text: str, start: int, floor: int) -> Hit | None:
    """Return "one in four" as the share 0.25 (a count without a noun, like "a quarter"),
    with its qualifier ("about one in ten"); None when no share starts at `start`."""
    m = P.RATIO.match(text, start)
    if m is None:
        return None
    top, bottom = (_number_value(m.group(g)) for g in ("rn", "rd"))
    if not top or not bottom or top >= bottom:
        return None  # "12 in six boxes" is two counts
    hit = Hit(m.start(), m.end(), top / bottom, None, "count")
    read_left(text, hit, floor)
    return hit


def _number_value(raw: str) -> float | None:
    raw = " ".join(raw.lower().split())
    return parse_digits(raw) if raw[0].isdigit() else parse_words(raw)


def _fraction_context(text: str, start: int, end: int) -> bool:
    """Return whether "a third" (`text[start:end]`) is a share rather than an ordinal."""
    if text[end : end + 12].lower().startswith(P.SHARE_AFTER):
        return True
    return text[max(0, start - 3) : start].lower() == "by " and bool(P.AFTER_BY.match(text, end))


def _number(text: str, m, currency: str, floor: int) -> Hit | None:
    raw = m.group()
    is_words = m.lastgroup == "words"
    if not is_words:
        if P.CODE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            return None  # model numbers and codes: "F-16", "COVID-19", "I7-860"
        value = parse_digits(raw.lstrip("-"))
        value = -value if raw.startswith("-") else value
    else:
        value = parse_words(raw)
        if value is None:
            return None
    hit = Hit(m.start(), m.end(), value, None, "count")
    hit = _finish_number(text, hit, currency, floor, is_words, raw=raw)
    if hit and not is_words and hit.end == m.end() and text[hit.end : hit.end + 1].isalpha():
        return None  # glued to letters that are no unit: "3D", "860BOX"
    return hit


def _finish_number(
    text: str, hit: Hit, currency: str, floor: int, is_words: bool, raw: str = ""
) -> Hit | None:
    read_left(text, hit, floor)
    if hit.kind != "money":
        hit.kind = ""
    read_right(text, hit, currency, is_words, raw)
    if is_words and raw.lower() in ("one", "a", "an") and not one_is_quantity(text, hit):
        return None
    if hit.kind == "duration" and hit.qualifier == "more than" and _over_before(text, hit):
        hit.qualifier = None  # "over 10 years" is a period of time, not "more than"
    return hit


def _over_before(text: str, hit: Hit) -> bool:
    return P.OVER_BEFORE.search(text, max(0, hit.start - 12), hit.start) is not None


def _join(text: str, hits: list[Hit]) -> list[Hit]:
    """Merge "3 dollars 50 cents" into one amount; mark both ends of ranges."""
    out: list[Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        gap = text[prev.end : hit.start] if prev else ""
        if (
            prev
            and hit.subunit
            and prev.kind == "money"
            and not prev.subunit
            and (P.CENTS_JOIN.fullmatch(gap))
        ):
            prev.value += hit.value
            prev.end = hit.end
            continue
        if prev and _is_range(prev, hit, gap):
            _share_units(prev, hit)
        elif prev and prev.after_from and _is_change(prev, hit, gap):
            _share_scale(prev, hit)
        out.append(hit)
    return out


def _is_range(a: Hit, b: Hit, gap: str) -> bool:
    if a.kind in ("date", "ordinal", "multiplier") or b.kind in ("date", "ordinal", "multiplier"):
        return False
    if (a.kind == "year") != (b.kind == "year"):
        return False  # "in 2015 to 64.3%": a year never takes the unit of a figure beside it
    if len(gap) > 12 or not P.RANGE_JOIN.fullmatch(gap):
        return False
    word = gap.strip(" -–—").lower()
    if word == "and":
        return a.between
    if a.after_from or b.value < 0:
        return False  # "from 5 to 10" is a change, not a range
    if b.value < a.value and not b.scaled:
        return False  # ranges go up: "voted 31 to 14", "won 52-48" are tallies
    return not (a.unit_given and b.unit_given and a.unit != b.unit)


def _share_units(a: Hit, b: Hit) -> None:
    a.qualifier = b.qualifier = "range"
    if not a.unit_given and b.unit_given:
        a.kind, a.unit = b.kind, b.unit
    elif a.unit_given and not b.unit_given:
        b.kind, b.unit = a.kind, a.unit
    _share_scale(a, b)


def _is_change(a: Hit, b: Hit, gap: str) -> bool:
    """Return whether "from A to B" joins two figures of one kind (a change, not a range)."""
    if "year" in (a.kind, b.kind) or (a.unit_given and b.unit_given and a.unit != b.unit):
        return False
    return len(gap) <= 12 and bool(P.RANGE_JOIN.fullmatch(gap))


def _share_scale(a: Hit, b: Hit) -> None:
    """Give a bare first figure the scale of the second: "50 to 129 million" is 50 million."""
    if b.scaled and not a.scaled and a.value and b.value / a.value >= 10:
        a.value *= b.value / _mantissa(b.value)


def _mantissa(value: float) -> float:
    """Return the digits part of a scaled value: 10e6 -> 10 (scales are powers of 1000)."""
    scale = 1.0
    while abs(value) / (scale * 1000) >= 1 and scale < 1e12:
        scale *= 1000
    return value / scale


def _attach_rates(text: str, hits: list[Hit]) -> None:
    """Set `per` from a rate phrase after the quantity, within the same clause."""
    for i, hit in enumerate(hits):
        if hit.kind in ("date", "year", "ordinal"):
            continue
        s = P.PER_SLASH_AFTER.match(text, hit.end)
        if s:
            hit.per, hit.end = _period(s.group("p")), s.end()
            continue
        limit = hits[i + 1].start if i + 1 < len(hits) else len(text)
        window = 25 if hit.kind == "duration" else 120
        hit.per = _find_rate(text, hit.end, min(limit, hit.end + window))


def _find_rate(text: str, start: int, stop: int) -> str | None:
    stop_m = P.CLAUSE_END.search(text, start, stop)
    stop = stop_m.start() if stop_m else stop
    for m in P.PER_PHRASE.finditer(text, start, stop):
        if m.group("adv"):
            return P.units.ADVERB_PERIODS[m.group("adv").lower()]
        if m.group("not"):
            continue
        det = m.group("det").lower()
        if det in ("a", "an") and P.PER_BLOCKERS.search(text, max(0, m.start() - 12), m.start()):
            continue
        return _period(m.group("p"))
    return None


def _period(word: str) -> str:
    word = word.lower()
    short = {"h": "hour", "hr": "hour", "yr": "year", "d": "day", "wk": "week", "mo": "month"}
    return short.get(word) or P.units.PERIODS.get(word, word)
