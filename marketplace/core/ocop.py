"""The OCOP programme's rules, read from the taxonomy data file shipped with the project.

Scores are out of 100 (parts A 40, B 25, C 35); the total gives 1-5 stars and only 3-5 stars
are certified. Provinces recognise 3 and 4 stars, the central council 5 stars. A recognition
decision is valid for 36 months. `data/ocop_taxonomy.json` is a copy of the programme's
classification (Decision 148/QĐ-TTg) so that the project does not depend on anything outside it.
"""

import calendar
import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY_PATH = Path(__file__).parent / "data" / "ocop_taxonomy.json"


@dataclass(frozen=True)
class StarBand:
    stars: int
    min_score: int
    max_score: int  # inclusive


@dataclass(frozen=True)
class ScoringRules:
    bands: dict[int, StarBand]
    certified_stars: tuple[int, ...]
    stars_by_level: dict[str, tuple[int, ...]]
    valid_months: int

    def band(self, stars: int) -> StarBand | None:
        return self.bands.get(stars)

    def stars_for_score(self, score: int) -> int | None:
        for band in self.bands.values():
            if band.min_score <= score <= band.max_score:
                return band.stars
        return None


@cache
def taxonomy() -> dict:
    return json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))


@cache
def scoring() -> ScoringRules:
    data = taxonomy()["scoring"]
    bands = {
        row["stars"]: StarBand(
            stars=row["stars"],
            min_score=row["min"],
            max_score=min(row["max_exclusive"], 101) - 1,
        )
        for row in data["stars"]
    }
    # The top band is written as "below 101"; a score never exceeds 100.
    top = max(bands)
    bands[top] = StarBand(stars=top, min_score=bands[top].min_score, max_score=100)
    return ScoringRules(
        bands=bands,
        certified_stars=tuple(data["certified_stars"]),
        stars_by_level={level: tuple(stars) for level, stars in data["levels"].items()},
        valid_months=data["certificate_valid_months"],
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certificate_valid_until(decision_date: datetime.date) -> datetime.date:
    """The last day a recognition decision is valid: its date plus 36 months."""
    return add_months(decision_date, scoring().valid_months)
