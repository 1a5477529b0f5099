"""Quantity extraction: P/R/F1 on Recognizers-Text and quantulum3 cases, ours vs quantulum3.

Run: `.venv/bin/python -m bench.quantities` (quantulum3 comes from requirements-bench.txt).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import Timer, shared_data, table
from checks.quantities import find_quantities

NONE = "∅"  # a number without a physical or monetary unit (gold "dimensionless", our counts)
# Recognizers-Text currency names -> (our unit, factor on the value). ISO code used when given.
RT_CURRENCY = {
    "Dollar": ("USD", 1), "Euro": ("EUR", 1), "Pound": ("GBP", 1), "Cent": ("USD", 0.01),
    "Pence": ("GBP", 0.01), "Penny": ("GBP", 0.01), "Franc": ("CHF", 1), "Bitcoin": ("BTC", 1),
    "Rupee": ("INR", 1), "Peseta": ("ESP", 1), "Netherlands guilder": ("NLG", 1),
    "Finnish markka": ("FIM", 1), "Satoshi": ("BTC", 1e-8), "Sen": ("SEN", 1),
}  # fmt: skip
# quantulum3 unit names (gold and tool alike) -> (our unit, factor on the value).
Q3_UNITS = {
    "dimensionless": (NONE, 1), "dozen": (NONE, 12), "baker's dozen": (NONE, 13),
    "gross": (NONE, 144), "dollar": ("USD", 1), "euro": ("EUR", 1), "pound sterling": ("GBP", 1),
    "penny": ("GBP", 0.01), "cent": ("USD", 0.01), "dime": ("USD", 0.1), "percentage": ("%", 1),
    "metre": ("m", 1), "kilometre": ("km", 1), "mile": ("mi", 1), "inch": ("in", 1),
    "foot": ("ft", 1), "square kilometre": ("km2", 1), "cubic kilometre": ("km3", 1),
    "square mile": ("mi2", 1), "nanometre": ("nm", 1), "picometre": ("pm", 1),
    "attometre": ("am", 1), "milligram": ("mg", 1), "kilogram": ("kg", 1), "pound-mass": ("lb", 1),
    "tonne": ("t", 1), "gallon": ("gal", 1), "litre": ("L", 1), "centilitre": ("cL", 1),
    "cubic centimetre": ("mL", 1), "millilitre": ("mL", 1), "degree Celsius": ("°C", 1),
    "degree fahrenheit": ("°F", 1), "kelvin": ("K", 1), "second": ("second", 1),
    "minute": ("minute", 1), "hour": ("hour", 1), "day": ("day", 1), "week": ("week", 1),
    "month": ("month", 1), "year": ("year", 1), "gigayear": ("year", 1e9),
    "megayear": ("year", 1e6), "electronvolt": ("eV", 1), "teraelectronvolt": ("TeV", 1),
    "exabyte": ("EB", 1), "megabyte": ("MB", 1), "byte": ("B", 1), "bit": ("bit", 1),
    "watt hour": ("Wh", 1), "megawatt hour": ("MWh", 1), "gigahertz": ("GHz", 1),
    "milligray": ("mGy", 1), "kilometre per hour": ("km/h", 1), "dollar per hour": ("USD/hour", 1),
    "dollar per kilogram": ("USD/kg", 1), "count per week": ("time/week", 1),
    "ton per day": ("t/day", 1), "kilowatt hour": ("kWh", 1),
}  # fmt: skip
_MONEY_CODES = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Item:
    """One quantity reduced to what is scored: value and normalised unit."""

    value: float
    unit: str
    per: str | None = None


@dataclass
class Case:
    """One sentence with its gold quantities."""

    text: str
    gold: list[Item]
    hard: bool


def _ours_item(q) -> Item:
    if q.kind in ("money", "percent", "measure", "duration") and q.unit:
        return Item(q.value, q.unit, q.per)
    if q.kind == "count" and q.unit == "time" and q.per:
        return Item(q.value, "time", q.per)
    return Item(q.value, NONE, q.per)


def _ours_kinds(kinds: set[str]) -> Callable[[str], list[Item]]:
    def run(text: str) -> list[Item]:
        return [_ours_item(q) for q in find_quantities(text) if q.kind in kinds]

    return run


def _q3_unit(name: str) -> tuple[str, str | None, float]:
    """Return (our unit, per, factor) for a quantulum3 unit name."""
    unit, factor = Q3_UNITS.get(name, (name, 1))
    base, _, per = unit.partition("/")
    return base, per or None, factor


def _q3_expand(value: float, uncertainty: float | None, name: str) -> list[Item]:
    unit, per, factor = _q3_unit(name)
    if uncertainty:  # a range: score both ends, as our extractor gives them
        return [Item((value - s * uncertainty) * factor, unit, per) for s in (1, -1)]
    return [Item(float(value) * factor, unit, per)]


def _q3_items(q) -> list[Item]:
    return _q3_expand(q.value, q.uncertainty, q.unit.name)


def quantulum(entities: set[str] | None) -> Callable[[str], list[Item]]:
    """Return a runner for quantulum3 keeping the given entity names (None keeps all)."""
    import quantulum3.classifier

    quantulum3.classifier.USE_CLF = False  # its pickled classifier needs an old scikit-learn
    from quantulum3 import parser

    def run(text: str) -> list[Item]:
        found = parser.parse(text)
        keep = [
            q for q in found if entities is None or {q.unit.entity.name, q.unit.name} & entities
        ]
        return [i for q in keep for i in _q3_items(q)]

    return run


def _load_json(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _rt_item(res: dict) -> Item | None:
    value = res.get("Resolution", {}).get("value")
    if value in (None, "null"):
        return None  # a currency name without an amount ("dollar"): not a quantity
    unit = res["Resolution"].get("unit")
    if str(value).endswith("%"):
        return Item(float(value[:-1]), "%")
    if unit is None:
        return Item(float(value), NONE)
    iso = res["Resolution"].get("isoCurrency")
    code, factor = (iso, 1) if iso else RT_CURRENCY.get(unit, (unit, 1))
    return Item(float(value) * factor, code)


def rt_cases(name: str) -> list[Case]:
    """Return the cases of one Recognizers-Text spec file."""
    folder = "NumberWithUnit" if name == "Currency" else "Number"
    path = shared_data() / "quantities" / "recognizers-text" / folder / f"{name}Model.json"
    cases = []
    for entry in _load_json(path):
        gold = [i for r in entry["Results"] if (i := _rt_item(r))]
        cases.append(Case(entry["Input"], gold, "python" in entry.get("NotSupported", "")))
    return cases


def _q3_gold(res: dict) -> list[Item]:
    return _q3_expand(res["value"], res.get("uncertainty"), res["unit"])


def q3_cases() -> list[Case]:
    """Return quantulum3's own test sentences (main and ambiguity files)."""
    folder = shared_data() / "quantities" / "quantulum3"
    entries = _load_json(folder / "quantities.json") + _load_json(
        folder / "quantities.ambiguity.json"
    )
    return [Case(e["req"], [i for r in e["res"] for i in _q3_gold(r)], False) for e in entries]


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-9)


def _same_unit(pred: Item, gold: Item) -> bool:
    """Units equal; `per` is compared only where the gold unit is a rate."""
    return pred.unit == gold.unit and (gold.per is None or pred.per == gold.per)


def _match(pred: list[Item], gold: list[Item], with_unit: bool) -> int:
    free = list(pred)
    hits = 0
    for g in gold:
        for p in free:
            if _same_value(p.value, g.value) and (not with_unit or _same_unit(p, g)):
                free.remove(p)
                hits += 1
                break
    return hits


def counts(cases: list[Case], run: Callable[[str], list[Item]]) -> dict[str, float]:
    """Return raw counts (predicted, gold, true positives on value and value+unit) and time."""
    run(cases[0].text) if cases else None  # warm-up: lazy imports and caches
    with Timer() as t:
        preds = [run(c.text) for c in cases]
    out = {"n": len(cases), "pred": sum(len(p) for p in preds), "seconds": t.seconds,
           "gold": sum(len(c.gold) for c in cases)}  # fmt: skip
    for key, with_unit in (("v", False), ("vu", True)):
        out[key] = sum(_match(p, c.gold, with_unit) for p, c in zip(preds, cases, strict=True))
    return out


def pooled(parts: list[dict[str, float]]) -> dict[str, float]:
    """Return P/R/F1 (value; value+unit) and sentences/s over summed counts."""
    tot = {k: sum(p[k] for p in parts) for k in parts[0]}
    out = {"n": tot["n"], "gold": tot["gold"], "sps": tot["n"] / max(tot["seconds"], 1e-9)}
    for key in ("v", "vu"):
        prec = tot[key] / tot["pred"] if tot["pred"] else 1.0
        rec = tot[key] / tot["gold"] if tot["gold"] else 1.0
        out[key + "_p"], out[key + "_r"] = prec, rec
        out[key + "_f"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


MONEY = {"money"}
PERCENT = {"percent"}
# Kinds quantulum3's cases annotate (they have no dates or ordinals).
Q3_KINDS = {"money", "percent", "count", "year", "duration", "measure", "multiplier"}
ALL = Q3_KINDS | {"date", "ordinal"}


Suite = list[tuple[list[Case], Callable, Callable]]


def _suites() -> list[tuple[str, Suite]]:
    """Return named suites; a suite of several parts is scored on pooled counts."""
    currency, percent, number = rt_cases("Currency"), rt_cases("Percent"), rt_cases("Number")
    mine_money, mine_pct = _ours_kinds(MONEY), _ours_kinds(PERCENT)
    q3_money, q3_pct, q3_all = quantulum({"currency"}), quantulum({"percentage"}), quantulum(None)
    rows: list[tuple[str, Suite]] = []
    for hard in (False, True):
        tag = " (hard: NotSupported python)" if hard else ""
        cur = ([c for c in currency if c.hard == hard], mine_money, q3_money)
        pct = ([c for c in percent if c.hard == hard], mine_pct, q3_pct)
        num = ([c for c in number if c.hard == hard], _ours_kinds(ALL), q3_all)
        rows += [(f"RT Currency{tag}", [cur]), (f"RT Percent{tag}", [pct]),
                 (f"RT Currency+Percent{tag}", [cur, pct]), (f"RT Number{tag}", [num])]  # fmt: skip
    rows.append(("quantulum3 cases", [(q3_cases(), _ours_kinds(Q3_KINDS), q3_all)]))
    return rows


def transcript_speed() -> tuple[int, float, float]:
    """Return (sentences, ours/s, quantulum3/s on the first 2,000) over the transcripts."""
    sentences = []
    for path in sorted((shared_data() / "transcripts").glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            sentences += [s for s in line.split(". ") if s.strip()]
    with Timer() as t:
        for s in sentences:
            find_quantities(s)
    sample = sentences[:2000]
    run = quantulum(None)
    with Timer() as t3:
        for s in sample:
            run(s)
    return len(sentences), len(sentences) / t.seconds, len(sample) / t3.seconds


def main() -> str:
    """Return the Markdown section of bench/RESULTS.md."""
    header = ["set", "sentences", "gold", "tool", "P value", "R value", "F1 value", "P v+u",
              "R v+u", "F1 v+u", "sent/s"]  # fmt: skip
    rows = []
    for name, suite in _suites():
        for tool, which in (("claimdesk", 1), ("quantulum3 0.10.0", 2)):
            s = pooled([counts(part[0], part[which]) for part in suite if part[0]])
            rows.append([name, int(s["n"]), int(s["gold"]), tool, s["v_p"], s["v_r"], s["v_f"],
                         s["vu_p"], s["vu_r"], s["vu_f"], f"{s['sps']:,.0f}"])  # fmt: skip
    n, ours_sps, q3_sps = transcript_speed()
    return "\n".join(
        [
            "## Quantities",
            "",
            "Matching: a predicted quantity matches one gold quantity (one-to-one, greedy in "
            "gold order) when the values agree within 1e-6 relative; for value+unit the units "
            "must also be equal after mapping both sides to our units (tables `RT_CURRENCY`, "
            "`Q3_UNITS` in bench/quantities.py: cents/pence scaled into their currency, "
            "'dimensionless' = any of our unit-less kinds, a rate unit compares unit/per). "
            "Gold ranges (value ± uncertainty) and quantulum3's own ranges count as two ends. "
            "Predictions are limited to the kinds a set annotates (money for Currency, percent "
            "for Percent, no dates/ordinals for quantulum3's cases); gold entries without a "
            "value (a bare currency name) are left out. Currency+Percent pools the counts of "
            "the two sets, each scored on its own kind. Hard = entries whose `NotSupported` "
            "lists python (Recognizers-Text's own Python port fails them).",
            "",
            table(header, rows),
            "",
            f"Speed over the 33 transcripts ({n:,} sentences, lines split on '. '): "
            f"claimdesk {ours_sps:,.0f} sentences/s; quantulum3 {q3_sps:,.0f} sentences/s "
            "(first 2,000 sentences).",
        ]
    )


if __name__ == "__main__":
    print(main())
