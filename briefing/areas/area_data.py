"""What one concern area shows for one view, without Streamlit: its monthly frames (protected by the
data layer), every comparison and which tile windows are withheld. The page, the Overview and the
briefing pack all read an area through `load`, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from briefing import protect
from briefing.areas import declarations
from briefing.areas.declarations import Area, Marks
from briefing.config import load_events
from briefing.present import charts, wording
from briefing.stats import compare, spc
from briefing.stats.compare import Comparison, Measure
from briefing.store import db, kept_views
from briefing.view import View


@dataclass(frozen=True)
class AreaData:
    area: Area
    view: View  # compared (View.compared): nothing here depends on the trend window
    frames: dict[str, pd.DataFrame]  # monthly query -> protected frame
    problems: dict[str, db.ExtractUnavailable]  # monthly query -> why it is unavailable
    comparisons: tuple[Comparison, ...]  # every measure with data, in declaration order
    withheld: dict[str, frozenset[str]]  # measure key -> tile windows resting on a "<5"
    assurances: dict[str, str]  # measure key -> its target and the assurance on it, in words

    def comparisons_of(self, measures) -> list[Comparison]:
        keys = [m.key for m in measures]
        by_key = {c.measure.key: c for c in self.comparisons}
        return [by_key[k] for k in keys if k in by_key]

    @property
    def distinct_problems(self) -> list[db.ExtractUnavailable]:
        """Each different problem once: several queries of an area often rest on the same extract."""
        return list({str(p): p for p in self.problems.values()}.values())

    def frame_of(self, measure: Measure) -> pd.DataFrame | None:
        return self.frames.get(self.area.query_of(measure))


def load(area: Area, view: View) -> AreaData:
    """Every monthly frame of the area for the view, and every measure compared between its windows.

    All the area's verdicts are made here, in one list, so a page-wide adjustment applies to them together.
    Cached per data version: the Overview and the pack read the same areas as the pages.
    """
    return _load(area.key, view.compared, db.version())


# Every area under about fifty views: with room for 64, twenty people choosing LPAs and comparisons at
# once pushed out views still in use (bench_felt: a warm change's p95 1.3-1.4 s, against 0.9 s now).
@lru_cache(maxsize=256)
def _load(key: str, view: View, version: str) -> AreaData:
    """Read from the data version's set of views (briefing.app.precomputed) if it was worked out before; otherwise
    worked out here and kept in the set (unless an extract is unavailable: that is reported afresh)."""
    what = kept_views.area_what(key, view)
    kept = kept_views.read(what, version)
    if kept is not None:
        return AreaData(declarations.area(key), view, problems={}, **kept)
    data = compute(key, view, version)
    if not data.problems:
        kept_views.write(what, version, kept_part(data))
    return data


def kept_part(data: AreaData) -> dict:
    """What the set of views keeps of an AreaData: everything but the area and view, which are the caller's."""
    return {
        "frames": data.frames,
        "comparisons": data.comparisons,
        "withheld": data.withheld,
        "assurances": data.assurances,
    }


def compute(key: str, view: View, version: str) -> AreaData:
    """An area's AreaData for a compared view, worked out from the data (never read from the set)."""
    area = declarations.area(key)
    frames, problems = {}, {}
    for series in area.series:
        try:
            frames[series.query] = db.protected(series.query, view)
        except db.ExtractUnavailable as exc:
            problems[series.query] = exc
    # One family of verdicts per page (Benjamini-Hochberg), each flagged where its placebo also moves.
    comparisons = compare.with_placebo(
        compare.adjust(
            [
                compare.compare(frames[s.query], m, view.was, view.is_)
                for s in area.series
                if s.query in frames
                for m in s.measures
            ]
        ),
        placebos(version),
    )
    withheld: dict[str, frozenset[str]] = {}
    for series in area.series:
        if series.query in frames:
            withheld |= protect.withheld_windows(frames[series.query], series.measures, view.windows)
    assurances = {
        m.key: text
        for s in area.series
        if s.query in frames
        for m in s.measures
        if (text := _assurance(frames[s.query], m, area.marks.get(m.key), view))
    }
    return AreaData(area, view, frames, problems, tuple(comparisons), withheld, assurances)


def _assurance(frame: pd.DataFrame, measure: Measure, marks: Marks | None, view: View) -> str:
    """Where a measure has a target: the target and NHS Making Data Count's assurance on it (spc.assurance,
    on the XmR limits since the model change), e.g. "National standard: 90% within 10 s: hit and miss"."""
    options = chart_marks(marks, view)
    if options.get("target") is None or measure.polarity == "neutral":
        return ""
    charted = spc.xmr(compare.monthly_values(frame, measure), measure.key, [view.force.model_change.replace(day=1)])
    word = spc.assurance(charted, options["target"], measure.polarity == "higher_better")
    return f"{options.get('target_label') or 'Target'}: {word}" if word else ""


@lru_cache(maxsize=4)
def placebos(version: str) -> dict[str, Comparison]:
    """Each area measure's placebo (compare.placebo), force-wide over every month of data: computed
    once per data version, so a filter change does not pay for it, and kept in the version's set of
    views (briefing.app.precomputed), so a fresh server reads it. Unavailable data are left out."""
    return kept_views.kept(kept_views.PLACEBOS, version, compute_placebos)


def compute_placebos() -> dict[str, Comparison]:
    """The placebos worked out from the data (never read from the set)."""
    from briefing.config import load_force
    from briefing.view import parse

    force = load_force()
    every_month = parse({}, force, db.earliest_month(), db.latest_month())
    out: dict[str, Comparison] = {}
    for area in declarations.AREAS:
        for series in area.series:
            try:
                frame = db.protected(series.query, every_month)
            except db.ExtractUnavailable:
                continue
            out |= {m.key: compare.placebo(frame, m, force.model_change) for m in series.measures}
    return out


def chart_marks(marks: Marks | None, view: View) -> dict:
    """Keyword arguments for charts.spc: the target line and published reference points of a measure.
    Published figures are left out (not an error) if their extract is unavailable."""
    if marks is None:
        return {}
    options: dict = {}
    if marks.target is not None:
        options |= {"target": marks.target, "target_label": marks.target_label}
    if marks.guide_grade:
        guide = dict(view.force.protection.enforcement_guide_days)[marks.guide_grade]
        options |= {
            "target": guide,
            "target_label": f"Guide for {marks.guide_grade} risk: {guide} day{'' if guide == 1 else 's'}",
        }
    if marks.published:
        try:
            published = db.protected(marks.published, view)
        except db.ExtractUnavailable:
            return options
        if "kind" in published.columns:
            target = published[published["kind"] == "target"]
            if len(target):
                options |= {"target": float(target["value"].iloc[0]), "target_label": target["label"].iloc[0]}
            published = published[published["kind"] == "reference"]
        options["reference"] = published
    return options


def trend_chart(data: AreaData, comparison: Comparison, view: View, demo: bool) -> tuple[dict, str, str]:
    """The XmR chart (a Vega-Lite spec) of one measure of an area over the view's trend window, with its
    marks and the earlier trend carried into what is, the text that describes it and its finding in one
    sentence (for the alt text): the same in the app and the pack."""
    measure = comparison.measure
    spec, charted = charts.measure_spc(
        data.frame_of(measure),
        measure,
        where=data.area.where(measure, view),
        window=view.trend_window,
        model_change=view.force.model_change,
        events=load_events(),
        demo=demo,
        windows=(view.was, view.is_),
        projection=comparison.projection,
        **chart_marks(data.area.marks.get(measure.key), view),
    )
    return (
        spec,
        wording.chart_summary(charted, comparison, data.assurances.get(measure.key, "")),
        wording.spc_finding(charted, measure),
    )
