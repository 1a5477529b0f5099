"""Rating words of other fact-checkers to our labels."""

import pytest

from checks.labels import DISPLAY_NAMES, LABELS
from checks.ratings import label_for_rating, normalise_rating


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        pytest.param("False", "false", id="false"),
        pytest.param("Mostly True", "mostly-true", id="mostly-true"),
        pytest.param("Pants on Fire!", "false", id="pants-on-fire"),
        pytest.param("pants-on-fire", "false", id="pants-on-fire-hyphens"),
        pytest.param("Half True", "mixed", id="half-true"),
        pytest.param("Half-True", "mixed", id="half-true-hyphen"),
        pytest.param("Mixture", "mixed", id="mixture"),
        pytest.param("Unproven", "unverifiable", id="unproven"),
        pytest.param("Miscaptioned", "misleading", id="miscaptioned"),
        pytest.param("Correct Attribution", "true", id="correct-attribution"),
        pytest.param("Misattributed", "false", id="misattributed"),
        pytest.param("Barely True", "mostly-false", id="barely-true"),
        pytest.param("MOSTLY FALSE", "mostly-false", id="upper-case"),
        pytest.param("Rating: Mostly False", "mostly-false", id="in-a-phrase"),
        pytest.param("Not true", "false", id="negated"),
        pytest.param("Missing context", "misleading", id="missing-context"),
        pytest.param("Four Pinocchios", "false", id="pinocchios"),
    ],
)
def test_rating_words(rating, label):
    assert label_for_rating(rating) == label


@pytest.mark.parametrize("label", LABELS)
def test_our_own_labels_read_back(label):
    assert label_for_rating(label) == label
    assert label_for_rating(DISPLAY_NAMES[label]) == label


@pytest.mark.parametrize(
    ("value", "best", "label"),
    [
        (1, 5, "false"),
        (5, 5, "true"),
        (3, None, "mixed"),
        (10, 10, "true"),
        ("2", "5", "mostly-false"),
    ],
)
def test_rating_values(value, best, label):
    assert label_for_rating(None, value, best) == label


@pytest.mark.parametrize("rating", ["", None, "Banana", "42 things"])
def test_unknown_rating_is_none(rating):
    assert label_for_rating(rating) is None


def test_normalise():
    assert normalise_rating("Pants-on-Fire!") == "pants on fire"
