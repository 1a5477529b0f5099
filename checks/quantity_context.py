"""Read the words around a number: currency, sign, qualifier, scale, unit, counted noun."""

from __future__ import annotations

from dataclasses import dataclass

from checks import quantity_patterns as P
from checks import units
from checks.numbers import SCALE_WORDS, fraction_value


@dataclass
class Hit:
    """A quantity under construction, with the flags the range and rate passes need."""

    start: int
    end: int
    value: float
    unit: str | None
    kind: str
    qualifier: str | None = None
    per: str | None = None
    scaled: bool = False
    unit_given: bool = False
    between: bool = False
    after_from: bool = False
    subunit: bool = False


def read_left(text: str, hit: Hit, floor: int) -> None:
    """Extend `hit` leftwards (not before `floor`) over a currency and sign; note qualifier,
    "between", "from"."""
    hs = max(floor, hit.start - 40)
    cut = hit.start
    c = P.CURRENCY_BEFORE.search(text, hs, cut)
    if c:
        hit.kind, hit.unit, hit.unit_given = "money", _currency_before(c), True
        cut = c.start()
    s = P.SIGN_BEFORE.search(text, hs, cut)
    if s:
        hit.value, cut = -hit.value, s.start()
    hit.start = cut
    q = P.QUALIFIER_BEFORE.search(text, hs, cut)
    if q:
        hit.qualifier = units.QUALIFIERS[q.group("q").lower()]
        cut = q.start()
    rest = text[hs:cut]
    hit.between = bool(P.BETWEEN_BEFORE.search(rest))
    hit.after_from = bool(P.FROM_BEFORE.search(rest))


def _currency_before(c) -> str:
    if c.group("rupee"):
        return "INR"
    if c.group("code"):
        return units.CODES.get(c.group("code").upper(), "USD")
    sym = c.group("sym").lstrip("\\")
    if sym == "$" and c.group("pre"):
        return units.DOLLAR_PREFIXES.get(c.group("pre").lower(), "USD")
    if sym == "$" and c.group("exact"):
        return units.DOLLAR_PREFIXES_EXACT.get(c.group("exact"), "USD")
    return units.SYMBOLS[sym]


def read_right(text: str, hit: Hit, currency: str, is_words: bool, raw: str) -> None:
    end = _and_a_half(text, hit, hit.end)  # "two and a half million"
    end = _read_scale(text, hit, end, is_words)
    for reader in (_read_money, _read_percent, _read_measure, _read_duration, _read_times):
        new_end = reader(text, hit, end, currency)
        if new_end is not None:
            if hit.kind == "duration":
                new_end = _and_a_half(text, hit, new_end)  # "two years and a half"
            hit.end = new_end
            return
    hit.end = end
    if hit.kind == "money":
        return
    if _is_year(text, hit, raw, is_words):
        return
    hit.kind = "count"
    _read_noun(text, hit)


def _and_a_half(text: str, hit: Hit, end: int) -> int:
    """Add "and a half" ("and a quarter", "and a third") at `end` to the hit's value; return
    where the quantity now ends."""
    h = P.HALF_AFTER.match(text, end)
    if h is None:
        return end
    hit.value += fraction_value(1, h.group("w")) or 0.0
    return h.end()


def _read_scale(text: str, hit: Hit, end: int, is_words: bool) -> int:
    s = P.SCALE_AFTER.match(text, end)
    if s is None and not is_words:
        s = P.GLUED_SCALE_AFTER.match(text, end)
        if s and s.group("scale") in ("m", "M", "mm") and hit.kind != "money":
            if not _plural_noun_follows(text, s.end()):
                return end  # "100m" is metres unless a counted noun follows
    if s is None:
        return end
    hit.value *= SCALE_WORDS[(s.group("scale") or s.group("glued")).lower()]
    if s.groupdict().get("crore"):
        hit.value *= SCALE_WORDS["crore"]
    hit.scaled = True
    return s.end()


def _plural_noun_follows(text: str, pos: int) -> bool:
    n = P.NOUN_AFTER.match(text, pos)
    if n is None:
        return False
    word, after = n.group("a"), text[n.end("a") : n.end("a") + 1]
    if "'" in word or after == "’":
        return False  # a possessive: "the 100m women's final" is a race
    return word in units.COUNTED_IRREGULAR or (word.endswith("s") and word not in P.STOPWORDS)


def _read_money(text: str, hit: Hit, end: int, currency: str) -> int | None:
    sub = P.SUBUNIT_AFTER.match(text, end)
    if sub and (hit.kind != "money"):
        word = sub.group("sub").lower()
        word = word[:-1] if word[:-1] in units.SUBUNITS else word
        word = {"p": "pence", "pennies": "penny"}.get(word, word)
        code, factor = units.SUBUNITS.get(word, units.SUBUNITS["cent"])
        hit.value *= factor
        hit.kind, hit.unit, hit.subunit = "money", currency if word == "cent" else code, True
        hit.unit_given = True
        return sub.end()
    c = P.CURRENCY_WORD_AFTER.match(text, end)
    if c is None or (hit.kind == "money" and c.group("sym")):
        return end if hit.kind == "money" else None
    if c.group("word"):
        word = units.singular(c.group("word"))
        word = {"reai": "real", "pound": "pound", "euros": "euro"}.get(word, word)
        if word in ("pound", "mark", "real", "won") and not _money_word_ok(text, hit, c):
            return end if hit.kind == "money" else None
        adj = (c.group("adj") or "").lower()
        code = units.CURRENCY_ADJECTIVES.get(adj) or units.CURRENCY_WORDS.get(word, "USD")
        if adj in ("us", "u.s.", "american") and word != "dollar":
            code = units.CURRENCY_WORDS.get(word, "USD")
    elif c.group("code"):
        code = units.CODES.get(c.group("code").upper(), "USD")
    else:
        code = units.SYMBOLS[c.group("sym")]
    if hit.kind != "money":
        hit.unit = code
    hit.kind, hit.unit_given = "money", True
    return c.end()


def _money_word_ok(text: str, hit: Hit, c) -> bool:
    """Return whether "pounds", "marks", "real", "won" after a number mean money here."""
    word = c.group("word").lower()
    if word == "mark":
        return bool(c.group("adj"))  # "the 100-crore mark" is a milestone; money is "marks"
        after = text[c.end() : c.end() + 4].lower()
        return hit.scaled or hit.kind == "money" or not after.startswith((" of", " hea", "-"))
    return bool(c.group("adj")) or hit.scaled


def _read_percent(text: str, hit: Hit, end: int, currency: str) -> int | None:
    p = P.PERCENT_AFTER.match(text, end)
    if p is None or hit.kind == "money":
        return None
    if p.group("bp"):
        hit.value /= 100
    hit.kind = "percent"
    hit.unit = "%" if p.group("pct") else "pp"
    hit.unit_given = True
    return p.end()


def _read_measure(text: str, hit: Hit, end: int, currency: str) -> int | None:
    if hit.kind == "money":
        return None
    t = P.TEMPERATURE_AFTER.match(text, end)
    if t and t.group("deg"):
        return _set(hit, "measure", "°", t.end())
    if t:
        unit = units.TEMPERATURE.get(t.group("t").lower(), "°" + t.group("t").upper())
        return _set(hit, "measure", unit, t.end())
    w = P.MEASURE_WORD_AFTER.match(text, end)
    if w:
        unit = units.MEASURE_WORDS[w.group("w").lower()]
        dim = (w.group("dim") or w.group("post") or "").strip().lower()
        if dim:
            unit = (units.CUBIC if dim.startswith("cub") else units.SQUARE).get(unit, unit)
        return _set(hit, "measure", unit, w.end())
    s = P.MEASURE_SYMBOL_AFTER.match(text, end)
    if s and not _symbol_is_word(text, s):
        unit = units.MEASURE_SYMBOLS[s.group("sym")]
        hit.value *= units.SCALED_SYMBOLS.get(s.group("sym"), 1.0)
        power = (s.group("pow") or "")[-1:]
        if power:
            unit = (units.CUBIC if power in "3³" else units.SQUARE).get(unit, unit)
        return _set(hit, "measure", unit, s.end())
    return None


def _symbol_is_word(text: str, s) -> bool:
    """Return whether a one-letter symbol after a space is really a word ("5 m" is ok, "3 g of")."""
    sym = s.group("sym")
    if s.group().startswith(" ") and len(sym) == 1 and sym in "gtlVW":
        return True
    return sym in ("m", "t") and s.group().startswith(" ") and text[s.end() : s.end() + 1] == "."


def _read_duration(text: str, hit: Hit, end: int, currency: str) -> int | None:
    d = P.DURATION_AFTER.match(text, end)
    if d is None or hit.kind == "money":
        return None
    word = d.group("w").lower()
    if word == "quarter" and not d.group().startswith("-"):
        return None  # "3 quarters" is a fraction word in most prose; "three-quarter" too
    return _set(hit, "duration", units.DURATIONS[word], d.end())


def _read_times(text: str, hit: Hit, end: int, currency: str) -> int | None:
    if hit.kind == "money":
        return None
    f = P.FOLD_AFTER.match(text, end)
    if f:
        return _set(hit, "multiplier", None, f.end())
    t = P.TIMES_AFTER.match(text, end)
    if t is None:
        return None
    if t.group("cmp") is not None:
        return _set(hit, "multiplier", None, t.end())
    return _set(hit, "count", "time", t.end())


def _set(hit: Hit, kind: str, unit: str | None, end: int) -> int:
    hit.kind, hit.unit, hit.unit_given = kind, unit, unit is not None
    return end


def _is_year(text: str, hit: Hit, raw: str, is_words: bool) -> bool:
    """Mark a bare four-digit number as a year when the context says so ("in 2014", "1960s")."""
    if is_words or hit.scaled or not raw.isdigit() or len(raw) != 4:
        return False
    if not 1000 <= hit.value <= 2100:
        return False
    d = P.DECADE_AFTER.match(text, hit.end)
    cue = P.YEAR_CUE_BEFORE.search(text, max(0, hit.start - 12), hit.start)
    if not (d or cue) and _plural_noun_follows(text, hit.end):
        return False
    if d:
        hit.end = d.end()
    hit.kind, hit.unit = "year", None
    return True


def _read_noun(text: str, hit: Hit) -> None:
    """Give a count its counted noun: "13,000 workers" -> worker, "28-point" -> point,
    "twelve Asian economies" -> economy; a verb or adverb after the count is no noun."""
    h = P.HYPHEN_NOUN_AFTER.match(text, hit.end)
    if h and h.group("w") not in P.HYPHEN_STOPWORDS:
        hit.unit, hit.end, hit.unit_given = units.singular(h.group("w")), h.end(), True
        return
    n = P.COUNTED_AFTER.match(text, hit.end)
    if n is None:
        return
    a, b = n.group("a"), n.group("b")
    low = a.lower()
    if low in P.FUNCTION_WORDS and low not in P.BEFORE_NOUN:
        return
    if b and _is_noun(b) and _looks_plural(b.lower()) and not _looks_plural(low):
        hit.unit, hit.end = units.singular(b), n.end("b")
    elif _is_noun(a) and low not in P.BEFORE_NOUN and not low.endswith("est"):
        if not (a.islower() or _looks_plural(low)):
            return  # a capitalised singular word is a name, not a counted noun
        hit.unit, hit.end = units.singular(a.rstrip("'")), n.end("a") - a.endswith("'")
    else:
        return
    hit.unit_given = True


def _is_noun(word: str) -> bool:
    low = word.lower()
    return not (low in P.STOPWORDS or low in P.IRREGULAR_VERBS or P.VERB_AFTER.search(low))


def _looks_plural(word: str) -> bool:
    return word in units.IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss"))


def one_is_quantity(text: str, hit: Hit) -> bool:
    """Return whether a lone "one" is a quantity: not "one of the", "no one", pronoun "one"."""
    if hit.kind in ("money", "percent", "measure", "duration", "multiplier") or hit.scaled:
        return hit.kind != "duration" or hit.unit not in ("day", "time")
    if hit.kind == "count" and hit.unit and hit.unit not in P.ONE_IDIOMS:
        before = text[max(0, hit.start - 6) : hit.start].lower()
        noun = text[hit.start : hit.end].split()[-1]
        return not before.endswith(P.ONE_BLOCKERS) and not _looks_plural(noun)
    return False
