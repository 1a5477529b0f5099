"""Agreement figures: textbook cases by hand, and a maintained implementation on 1,000 claims."""

import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from checks import agreement
from checks.agreement import ReviewPair
from checks.labels import LABELS


def pairs_from(first, second, a="ana", b="ben"):
    labelled = zip(first, second, strict=True)
    return [ReviewPair(i, a, x, b, y) for i, (x, y) in enumerate(labelled, start=1)]


# (first rater, second rater, observed, kappa, alpha), each worked out by hand.
TEXTBOOK = [
    pytest.param(["a", "b", "c", "a"], ["a", "b", "c", "a"], 1.0, 1.0, 1.0, id="perfect"),
    # p_o = 0.5, p_e = 0.5: kappa 0; alpha = 1 - 7 * 4 / (64 - 32) = 0.125
    pytest.param(["a", "a", "b", "b"], ["a", "b", "a", "b"], 0.5, 0.0, 0.125, id="chance"),
    # Cohen's 2x2 example: yes/yes 20, yes/no 5, no/yes 10, no/no 15; p_o 0.7, p_e 0.5
    pytest.param(
        ["y"] * 25 + ["n"] * 25,
        ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15,
        0.7,
        0.4,
        # n = 100, n_y = 55, n_n = 45, off-diagonal 30: 1 - 99 * 30 / (10000 - 3025 - 2025)
        1 - 99 * 30 / 4950,
        id="two-by-two",
    ),
    # total disagreement over two labels: p_o 0, p_e 0.5; alpha 1 - 3 * 4 / (16 - 8)
    pytest.param(["a", "b"], ["b", "a"], 0.0, -1.0, -0.5, id="opposite"),
    pytest.param(["a", "a", "a"], ["a", "a", "a"], 1.0, None, None, id="one-label-undefined"),
]


@pytest.mark.parametrize(("first", "second", "observed", "kappa", "alpha"), TEXTBOOK)
def test_textbook_cases(first, second, observed, kappa, alpha):
    figures = agreement.summarize(pairs_from(first, second))
    assert figures["pairs"] == len(first)
    assert figures["observed"] == pytest.approx(observed, abs=1e-12)
    if kappa is None:
        assert figures["kappa"] is None
        assert figures["by_pair"][0]["kappa"] is None
    else:
        assert figures["kappa"] == pytest.approx(kappa, abs=1e-12)
    if alpha is None:
        assert figures["alpha"] is None
    else:
        assert figures["alpha"] == pytest.approx(alpha, abs=1e-12)


def test_no_pairs_gives_nulls_not_errors():
    figures = agreement.summarize([])
    assert figures["pairs"] == 0
    assert figures["observed"] is None and figures["kappa"] is None and figures["alpha"] is None
    assert figures["by_pair"] == [] and figures["disagreements"] == []


def test_krippendorff_worked_example_with_missing_values():
    """Krippendorff (2011), 4 coders, 12 units, nominal: alpha = 0.743."""
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[str(c[u]) for c in coders if c[u] is not None] for u in range(12)]
    alpha = agreement.krippendorff_alpha_nominal(units)
    assert round(alpha, 3) == 0.743
    data = np.array([[np.nan if v is None else v for v in c] for c in coders], dtype=float)
    reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert alpha == pytest.approx(reference, abs=1e-9)


def test_confusion_table_rows_are_round_one_labels():
    table = agreement.confusion_table(["true", "false", "false"], ["true", "true", "false"])
    assert list(table) == list(LABELS)
    assert table["true"]["true"] == 1
    assert table["false"]["true"] == 1
    assert table["false"]["false"] == 1
    assert sum(sum(row.values()) for row in table.values()) == 3


def test_disagreements_leave_out_resolved_claims():
    pairs = pairs_from(["a", "b", "c"], ["a", "c", "b"])
    assert agreement.summarize(pairs)["disagreements"] == [2, 3]
    assert agreement.summarize(pairs, resolved=[3])["disagreements"] == [2]


def generated_pairs(seed: int = 12, n: int = 1000) -> list[ReviewPair]:
    """1,000 double-reviewed claims over 8 labels, four reviewers, agreement well above chance."""
    rng = random.Random(seed)
    reviewers = ["ana", "ben", "chidi", "dora"]
    weights = [30, 12, 8, 10, 20, 9, 6, 5]
    pairs = []
    for claim_id in range(1, n + 1):
        a, b = rng.sample(reviewers, 2)
        truth = rng.choices(LABELS, weights=weights)[0]
        first = truth if rng.random() < 0.8 else rng.choice(LABELS)
        second = truth if rng.random() < 0.7 else rng.choice(LABELS)
        pairs.append(ReviewPair(claim_id, a, first, b, second))
    return pairs


def reference_figures(pairs: list[ReviewPair]) -> dict:
    """The figures from scikit-learn (kappa) and the krippendorff package (alpha)."""
    first = [p.first_label for p in pairs]
    second = [p.second_label for p in pairs]
    codes = {label: i for i, label in enumerate(LABELS)}
    data = np.array([[codes[x] for x in first], [codes[x] for x in second]], dtype=float)
    by_pair = {}
    for key in {tuple(sorted((p.first_reviewer, p.second_reviewer))) for p in pairs}:
        group = [p for p in pairs if tuple(sorted((p.first_reviewer, p.second_reviewer))) == key]
        by_pair[key] = cohen_kappa_score(
            [p.first_label for p in group], [p.second_label for p in group]
        )
    return {
        "kappa": cohen_kappa_score(first, second),
        "alpha": krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"),
        "observed": float(np.mean([a == b for a, b in zip(first, second, strict=True)])),
        "by_pair": by_pair,
    }


def test_matches_maintained_implementations_on_1000_claims():
    pairs = generated_pairs()
    figures = agreement.summarize(pairs)
    reference = reference_figures(pairs)
    assert figures["pairs"] == 1000
    assert {label for p in pairs for label in (p.first_label, p.second_label)} == set(LABELS)
    assert figures["kappa"] == pytest.approx(reference["kappa"], abs=1e-9)
    assert figures["alpha"] == pytest.approx(reference["alpha"], abs=1e-9)
    assert figures["observed"] == pytest.approx(reference["observed"], abs=1e-12)
    assert len(figures["by_pair"]) == 6
    for row in figures["by_pair"]:
        expected = reference["by_pair"][tuple(row["reviewers"])]
        assert row["kappa"] == pytest.approx(expected, abs=1e-9)
    assert sum(row["pairs"] for row in figures["by_pair"]) == 1000
    cells = figures["confusion"]
    assert sum(sum(row.values()) for row in cells.values()) == 1000
    assert sum(cells[label][label] for label in LABELS) == round(figures["observed"] * 1000)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kappa_is_symmetric_in_the_raters(seed):
    pairs = generated_pairs(seed, 200)
    first = [p.first_label for p in pairs]
    second = [p.second_label for p in pairs]
    assert agreement.cohen_kappa(first, second) == pytest.approx(
        agreement.cohen_kappa(second, first), abs=1e-12
    )


def test_agreement_by_reviewer():
    pairs = [ReviewPair(1, "a", "x", "b", "x"), ReviewPair(2, "a", "x", "c", "y")]
    assert agreement.agreement_by_reviewer(pairs) == {"a": 0.5, "b": 1.0, "c": 0.0}
