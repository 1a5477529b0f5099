"""The demo set that `make run` seeds: documents in demo/ and example verdicts on them."""

from __future__ import annotations

from dataclasses import dataclass

from checks.config import ROOT

DEMO_DIR = ROOT / "demo"


@dataclass(frozen=True)
class DemoVerdict:
    """An example verdict, applied to the first claim whose text contains `fragment`."""

    fragment: str
    label: str
    reviewer: str
    rationale: str
    sources: tuple[str, ...] = ()
    seconds_spent: float = 90.0


DEMO_VERDICTS: tuple[DemoVerdict, ...] = (
    DemoVerdict(
        "voted 31 to 14 on Tuesday",
        "true",
        "Ana Ruiz (demo)",
        "The council minutes record 31 votes for and 14 against.",
        ("https://example.org/lakeport/council-minutes-2026-03-10",),
        140.0,
    ),
    DemoVerdict(
        "38 percent of commuters in Lakeport currently travel",
        "mostly-true",
        "Ben Okoro (demo)",
        "The 2025 mobility survey gives 37.6 percent; the regional figure differs in method.",
        ("https://example.org/lakeport/mobility-survey-2025",),
        310.0,
    ),
    DemoVerdict(
        "at least 30 percent over budget",
        "misleading",
        "Ana Ruiz (demo)",
        "Two of the last five projects overran by more than 30 percent; three did not.",
        ("https://example.org/lakeport/audit-report-2024",),
        420.0,
    ),
    DemoVerdict(
        "rose by 9 percent in 2025",
        "unverifiable",
        "Ben Okoro (demo)",
        "No regional construction cost index for 2025 has been published yet.",
        (),
        95.0,
    ),
)
