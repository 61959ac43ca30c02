"""What one concern area shows for one view, without Streamlit: its monthly frames (protected by the
data layer), every comparison and which tile windows are withheld. The page, the Overview and the
briefing pack all read an area through `load`, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from briefing import areas, compare, db, suppression
from briefing.areas import Area, Marks
from briefing.compare import Comparison, Measure


@dataclass(frozen=True)
class AreaData:
    area: Area
    view: object  # filters.View
    frames: dict[str, pd.DataFrame]  # monthly query -> protected frame
    problems: dict[str, db.ExtractUnavailable]  # monthly query -> why it is unavailable
    comparisons: tuple[Comparison, ...]  # every measure with data, in declaration order
    withheld: dict[str, frozenset[str]]  # measure key -> tile windows resting on a "<5"

    def comparisons_of(self, measures) -> list[Comparison]:
        keys = [m.key for m in measures]
        by_key = {c.measure.key: c for c in self.comparisons}
        return [by_key[k] for k in keys if k in by_key]

    def frame_of(self, measure: Measure) -> pd.DataFrame | None:
        return self.frames.get(self.area.query_of(measure))


def load(area: Area, view) -> AreaData:
    """Every monthly frame of the area for the view, and every measure compared between its windows.

    All the area's verdicts are made here, in one list, so a page-wide adjustment applies to them together.
    Cached per data version: the Overview and the pack read the same areas as the pages.
    """
    return _load(area.key, view, db.version())


@lru_cache(maxsize=64)
def _load(key: str, view, version: str) -> AreaData:
    area = areas.area(key)
    frames, problems = {}, {}
    for series in area.series:
        try:
            frames[series.query] = db.query(series.query, view)
        except db.ExtractUnavailable as exc:
            problems[series.query] = exc
    # Every verdict of the page in one list: a page-wide adjustment of them goes here, once.
    comparisons = [
        compare.compare(frames[s.query], m, view.was, view.is_)
        for s in area.series if s.query in frames for m in s.measures
    ]
    withheld = {}
    for series in area.series:
        if series.query in frames:
            withheld |= suppression.withheld_windows(frames[series.query], series.measures, view.windows)
    return AreaData(area, view, frames, problems, tuple(comparisons), withheld)


def chart_marks(marks: Marks | None, view) -> dict:
    """Keyword arguments for charts.spc: the target line and published reference points of a measure.
    Published figures are left out (not an error) if their extract is unavailable."""
    if marks is None:
        return {}
    options = {}
    if marks.target is not None:
        options |= {"target": marks.target, "target_label": marks.target_label}
    if marks.guide_grade:
        guide = dict(view.force.protection.enforcement_guide_days)[marks.guide_grade]
        options |= {"target": guide,
                    "target_label": f"Guide for {marks.guide_grade} risk: {guide} day{'' if guide == 1 else 's'}"}
    if marks.published:
        try:
            published = db.query(marks.published, view)
        except db.ExtractUnavailable:
            return options
        if "kind" in published.columns:
            target = published[published["kind"] == "target"]
            if len(target):
                options |= {"target": float(target["value"].iloc[0]), "target_label": target["label"].iloc[0]}
            published = published[published["kind"] == "reference"]
        options["reference"] = published
    return options
