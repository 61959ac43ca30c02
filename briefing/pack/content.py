"""The briefing pack's content: what it says, as Slide records (title, summary of every area's primary
verdict, per area a tiles slide and a chart slide, the real outcomes, the force's claims, method,
sources). Every tile's figures come from `tile.shown`, as on the app's tiles, so small numbers are
protected as there (the data layer, `db.protected`, protects every frame first).

The pack is made in three steps, each in one place: this module (`build_slides`), `layout` (where each
piece goes, as Boxes with their text wrapped) and the two writers, `powerpoint` and `pdf`, which draw
the same Boxes, so the two files cannot disagree. Charts are the app's own XmR charts, rendered to PNG
by vl-convert (no browser).
"""

from __future__ import annotations

from dataclasses import dataclass

import vl_convert

from briefing.areas import area_data, claims, real_outcomes
from briefing.areas.area_data import AreaData
from briefing.areas.declarations import AREAS, INVESTIGATIONS, Area
from briefing.present import tile
from briefing.stats import peers
from briefing.store import contracts, db
from briefing.view import View

TILE_COLUMNS = {
    "measure": "Measure",
    "was": "What was",
    "is": "What is",
    "change": "Change",
    "change_verdict": "Compared with before",
    "model": "Against the earlier trend",
}
SUMMARY_COLUMNS = {
    "area": "Concern area",
    "measure": "Primary measure",
    "was": "What was",
    "is": "What is",
    "change": "Change",
    "change_verdict": "Compared with before",
    "model_verdict": "Against the earlier trend",
}
# The columns of each table that wrap; every other column is as wide as its longest value.
WRAPPING = {"tiles": ("measure", "model"), "summary": ("area", "measure", "model_verdict")}
METHOD = (
    "What is against what was: two windows of whole calendar months, anchored to the latest month of data.",
    "Counts are compared as monthly means; shares as pooled rates (total numerator over total denominator); "
    "durations as medians of monthly medians; backlogs as the value at the end of each window.",
    "Each measure answers two questions, apart. Compared with before: is what is different from what was by "
    "more than month-to-month variation explains (improved, worsened or no clear change)? Against the earlier "
    "trend: over the first 12 months of what is, is the measure better or worse than the path it was already on "
    "(or in line with it, or can't tell yet)? The measures of a page are judged together. Data and methods in "
    "the app explains the models.",
    "Charts are XmR (statistical process control) charts: the mean and limits are worked out separately before "
    "and after the operating-model change. Diamonds mark special-cause months, black squares published figures, "
    "numbered dotted lines dated events; the shaded bands are the two windows compared.",
)


@dataclass(frozen=True)
class Slide:
    title: str
    subtitle: str
    tiles: tuple[dict[str, str], ...] = ()  # one dict per measure, keys as TILE_COLUMNS
    summary: tuple[dict[str, str], ...] = ()  # one dict per area, keys as SUMMARY_COLUMNS
    chart_png: bytes | None = None
    chart_alt: str = ""
    sentence: str = ""
    lines: tuple[str, ...] = ()  # body text: notes, method, or why the data are unavailable
    sources: tuple[str, ...] = ()
    demo: bool = False


def tile_texts(data: AreaData, measures) -> list[dict[str, str]]:
    """The text of each tile of `measures` in the pack: measure (labelled force-wide where its data have
    no LPA), was, is, change, both answers (`model`: the second with its figures), and the sentence saying
    what changed. Every number on a
    slide comes from here, from the same protected frames and tile texts as the app's (`tile.shown`)."""
    area, view = data.area, data.view
    comparisons = data.comparisons_of(measures)
    return [
        {
            "measure": c.measure.label
            + (" (force-wide)" if c.measure.key in area.force_wide_measures and not view.force_wide else ""),
            "was": shown.was,
            "is": shown.value,
            "change": shown.change or "n/a",
            "change_verdict": shown.change_verdict,
            "model_verdict": shown.model_verdict,
            "model": shown.model_figures or shown.model_verdict,
            "sentence": shown.sentence,
        }
        for c, shown in zip(comparisons, tile.shown(comparisons, data.withheld, view))
    ]


def _plain(publication: str) -> str:
    # Calibration notes were written for the project team; a reader of the pack needs the publication.
    return publication.replace(", as quoted in this project's brief", " (23 November 2023)")


def source_line(name: str) -> str:
    """One extract in plain words: what it is and where it comes from (for demonstration data, the
    published figures it is calibrated to)."""
    title = contracts.title(name)
    entry = db.entry(name)
    if not entry:
        return f"{title}: not available."
    if not entry.get("demo"):
        return f"{title}: {entry.get('source', 'source not recorded')}. {entry.get('licence', '')}".strip()
    # One title per publication: later points from the same URL are cited "(as above)".
    titles: dict[str, str] = {}
    for point in entry.get("calibration", []):
        publication = point.get("source", "").removesuffix(" (as above)")
        titles.setdefault(point.get("url") or publication, _plain(publication))
    calibrated = f", calibrated to {'; '.join(sorted(set(titles.values())))}" if titles else ""
    return f"{title}: demonstration data made to look like the force's records{calibrated}."


def extract_sources(names) -> tuple[str, ...]:
    return tuple(source_line(name) for name in names)


def _area_sources(area: Area) -> tuple[str, ...]:
    titles = [contracts.title(n) for n in area.extracts]
    demo = [n for n in area.extracts if db.is_demo(n)]
    text = "Sources: " + "; ".join(titles) + "."
    if demo:
        text += " Demonstration data calibrated to published figures (listed on the Sources slide)."
    return (text,)


def main_chart(data: AreaData, view: View, demo: bool) -> tuple[bytes, str]:
    """The area's main XmR chart (`Area.main_measure`) as the app draws it (area_data.trend_chart), with its marks, as
    PNG, with its text alternative. A static image has no tooltips, so published figures are named in
    the chart's legend."""
    area = data.area
    comparison = next(iter(data.comparisons_of([area.main_measure])))
    spec, summary, _ = area_data.trend_chart(data, comparison, view, demo)
    # Drawn off the page, the chart grows to hold its legends: the room the page reserves for them in the
    # padding (charts._place_legends) is not needed.
    return vl_convert.vegalite_to_png(spec | {"width": 640, "height": 250, "padding": 5}, scale=2), summary


def area_slides(area: Area, view: View) -> list[Slide]:
    """An area's tiles slide (tiles, what changed, sources) and its chart slide."""
    demo = db.is_demo(*area.extracts)
    sources = _area_sources(area)
    data = area_data.load(area, view)
    main = area.main_measure
    tiles = tile_texts(data, area.headline_measures)
    if data.frame_of(main) is None or not tiles:
        exc = next(iter(data.problems.values()))
        return [
            Slide(
                area.title,
                area.question,
                lines=(
                    f"{exc}. Its figures are left out of the pack until the "
                    "extract passes validation; see Data and methods in the app.",
                ),
                sources=sources,
                demo=demo,
            )
        ]
    png, chart_alt = main_chart(data, view, demo)
    lines = (area.note,) if area.note and not view.force_wide else ()
    return [
        Slide(
            area.title,
            area.question,
            tuple(tiles),
            sentence=tiles[0]["sentence"],
            lines=lines,
            sources=sources,
            demo=demo,
        ),
        Slide(
            f"{area.title}: trend",
            f"{main.label}, {area.where(main, view)}",
            chart_png=png,
            chart_alt=chart_alt,
            sentence=chart_alt,
            demo=demo,
        ),
    ]


def outcomes_slides(view: View) -> list[Slide]:
    """Investigations' real crime outcomes (Home Office, by quarter, closed basis): the charge/summons rate
    chart for the force, its peers and England and Wales, and a slide of both answers on each measure.
    Real data: no demonstration mark."""
    title = f"{INVESTIGATIONS.title}: real crime outcomes"
    sources = extract_sources(("force_outcomes_quarterly", "force_population"))
    try:
        shown = [real_outcomes.compared(view, "closed", key) for key in real_outcomes.MEASURES]
    except db.ExtractUnavailable as exc:
        return [
            Slide(
                title,
                "Home Office crime outcomes",
                lines=(
                    f"{exc}. Left out of the pack until the extract "
                    "passes validation; see Data and methods in the app.",
                ),
                sources=sources,
            )
        ]
    first = shown[0]
    png = vl_convert.vegalite_to_png(first.chart | {"width": 640, "height": 250}, scale=2)
    alt = real_outcomes.summary(first)
    # Q1 on the force's own quarters; Q2 by the comparative model against its peers.
    tiles = tuple(
        {
            "measure": o.measure.label,
            "was": o.value(o.q1.was),
            "is": o.value(o.q1.is_),
            "change": o.change(o.q1.change),
            "change_verdict": o.q1.change_verdict,
            "model": f"Against its peers: {o.vs_peers.verdict}"
            + (f", {o.vs_peers.interval_text()}" if o.vs_peers.effect is not None else ""),
        }
        for o in shown
    )
    row = first.table.set_index("series").loc[first.own]
    return [
        Slide(
            title,
            f"{first.measure.label}: {first.own}, its peers and England and Wales, by quarter (investigations closed)",
            chart_png=png,
            chart_alt=alt,
            sentence=alt,
            sources=sources,
        ),
        Slide(
            "Real crime outcomes: both answers",
            f"What was {first.was.label()}, what is {first.is_.label()}, in whole quarters"
            + (
                f"; the shares of assigned outcomes from {first.used_was}, after a declared recording change"
                if first.used_was != first.was.label()
                else ""
            ),
            tiles,
            sentence=(
                f"Compared with before: on the force's own quarters; then against the path "
                f"its peers project over the first four quarters of what is (95% interval in the "
                f"interval column). {first.own} ranks {peers.ordinal(int(row['rank_of_43']))} of 43 "
                f"on the charge/summons rate in what is."
            ),
            sources=sources,
        ),
    ]


def summary_rows(view: View) -> tuple[dict[str, str], ...]:
    """Each area's primary measure: what was, what is, change and both answers (protected as on its tile)."""
    rows = []
    for area in AREAS:
        tiles = tile_texts(area_data.load(area, view), [area.primary])
        if not tiles:
            rows.append(
                {
                    "area": area.title,
                    "measure": area.primary.label,
                    "was": "n/a",
                    "is": "n/a",
                    "change": "n/a",
                    "change_verdict": "data unavailable",
                    "model_verdict": "data unavailable",
                }
            )
            continue
        rows.append({"area": area.title} | {k: tiles[0][k] for k in SUMMARY_COLUMNS if k != "area"})
    return tuple(rows)


def claim_slides(force) -> list[Slide]:
    """One slide per checkable claim of the force's letter: the claim, the verdict its data give now
    (recomputed from the data, never typed in), the measure and figures, and what would test it."""
    results = claims.evaluated(force)
    return [
        Slide(
            f"The force's claims, {n} of {len(results)}: {r.verdict}",
            f"The letter of {claims.LETTER:%-d %B %Y} claims: {r.claim}",
            lines=(
                f"Verdict from the data: {r.verdict}.",
                f"Tested by: {r.measure}.",
                f"Figures: {r.figure}.",
                *((f"Would test it: {r.needs}.",) if r.needs else ()),
            ),
            sources=(r.data,),
            demo=r.demo,
        )
        for n, r in enumerate(results, 1)
    ]


def build_slides(view: View) -> list[Slide]:
    """Title, summary, two slides per concern area in AREAS, one per claim of the force's letter, method,
    sources."""
    force = view.force
    body = [
        slide
        for area in AREAS
        for slide in (*area_slides(area, view), *(outcomes_slides(view) if area is INVESTIGATIONS else ()))
    ]
    used = sorted({name for area in AREAS for name in area.extracts})
    demo = any(slide.demo for slide in body)
    title = Slide(
        f"{force.name}: briefing pack",
        "What is, against what was, for each area HMICFRS named a cause of concern",
        lines=(
            f"Area: {view.lpa_label}",
            f"What was: {view.was.label()}",
            f"What is: {view.is_.label()}",
            f"Data as at: {view.latest:%B %Y} (the latest month in the data)",
            f"Protective marking: {force.protective_marking}",
        ),
        demo=demo,
    )
    summary = Slide(
        "Summary: each area's primary measure",
        f"{view.lpa_label}; what was {view.was.label()}, what is {view.is_.label()}",
        summary=summary_rows(view),
        lines=(
            "Verdict colours: green improved, vermilion worsened, blue increased or decreased (a measure that "
            "is neither good nor bad), grey no clear change.",
        ),
        demo=demo,
    )
    method = Slide("Method", "How the figures are compared", lines=METHOD, demo=demo)
    sources = Slide("Sources", "Where the figures come from", lines=extract_sources(used), demo=demo)
    return [title, summary, *body, *claim_slides(force), method, sources]


def pack_title(view: View) -> str:
    """The pack's document title (what a screen reader and a file's properties give), with its view."""
    return (
        f"{view.force.name}: briefing pack, {view.lpa_label}, what was {view.was.label()}, what is {view.is_.label()}"
    )
