"""Number-perturbation test set from the CLEF 2020 task 2 archive: for each tweet that states a
figure of the archive claim it repeats, a twin of that claim with that one figure changed."""

from __future__ import annotations

from dataclasses import dataclass

from checks.match import compare_numbers, same_value
from checks.quantities import find_quantities
from checks.rerank import query_body
from checks.spans import Quantity


@dataclass(frozen=True)
class Twin:
    """An archive claim, the query that repeats it, and the claim with one figure changed."""

    query_id: str
    query: str
    claim_id: str
    text: str
    perturbed: str
    title: str | None
    perturbed_title: str | None
    figure: str
    changed_to: str


def change_figure(figure: str, kind: str = "count") -> str | None:
    """Return `figure` with its digits changed so that its value clearly differs: a year's last
    digit moved by one ("2020" -> "2021"); otherwise the first two different
    digits swapped ("178" -> "187"), else the first digit moved by one ("5" -> "6")."""
    positions = [n for n, ch in enumerate(figure) if ch.isdigit()]
    digits = [figure[n] for n in positions]
    if kind == "year" and positions:
        last = int(digits[-1])
        chars = list(figure)
        chars[positions[-1]] = str(last + 1 if last < 9 else last - 1)
        return "".join(chars)
    for a in range(len(digits) - 1):
        if digits[a] != digits[a + 1] and not (a == 0 and digits[a + 1] == "0"):
            chars = list(figure)
            chars[positions[a]], chars[positions[a + 1]] = digits[a + 1], digits[a]
            return "".join(chars)
    if not positions:
        return None
    first = int(digits[0])
    chars = list(figure)
    chars[positions[0]] = str(first + 1 if first < 9 else first - 1)
    return "".join(chars)


def shared_figure(query: str, claim: str) -> Quantity | None:
    """Return the first figure of `claim` that the query states too (same value), if any."""
    mine = find_quantities(query_body(query))
    for q in find_quantities(claim):
        if q.kind in ("date", "ordinal") or "/" in q.text or not any(c.isdigit() for c in q.text):
            continue
        if (
            any(same_value(q.value, m.value, q.kind) for m in mine)
            and compare_numbers(mine, [q])[0] == "same"
        ):
            return q
    return None


def make_twin(
    query_id: str, query: str, claim_id: str, text: str, title: str | None
) -> Twin | None:
    """Return the twin of one (query, archive claim) pair, or None when they share no figure,
    the query contradicts another of the claim's figures (the unchanged twin is no twin then),
    or the changed figure would not read as a different value from every figure of the query."""
    figure = shared_figure(query, text)
    mine = find_quantities(query_body(query))
    if figure is None or compare_numbers(mine, find_quantities(text))[0] != "same":
        return None
    changed = change_figure(figure.text, figure.kind)
    if changed is None:
        return None
    perturbed = text[: figure.start] + changed + text[figure.end :]
    new = [q for q in find_quantities(perturbed) if q.start == figure.start]
    if not new or any(same_value(new[0].value, q.value, figure.kind) for q in [figure, *mine]):
        return None
    perturbed_title = title.replace(figure.text, changed) if title else title
    return Twin(query_id, query, claim_id, text, perturbed, title, perturbed_title,
                figure.text, changed)  # fmt: skip
