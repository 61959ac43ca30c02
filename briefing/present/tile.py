"""What a headline tile shows, already protected: its value, what was, the change, both answers in words
and what is withheld for small numbers. The app's tiles, the Overview and the briefing pack all read it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing import protect
from briefing.present import wording
from briefing.view import View


@dataclass(frozen=True)
class TileValues:
    """What a headline tile shows, already protected: every text a tile or a slide needs."""

    value: str  # what is
    was: str
    change: str | None
    change_verdict: str  # Q1, compared with before
    model_verdict: str  # Q2, against the earlier trend
    sentence: str
    suppressed: bool
    model_line: str = ""  # Q2 in words with its figures and where the earlier path leads (wording.model_line)
    model_figures: str = ""  # Q2 in words with its figures only (wording.model_figures)
    notes: tuple[str, ...] = ()  # the placebo (wording.notes)
    definition: str = ""
    tone: str = "off"  # "good", "bad" or "off": colours the change by Q1


WITHHELD_VERDICT = "withheld (small numbers)"


def values(
    comparison,
    withheld: frozenset[str],
    threshold: int,
    was_label: str = "what was",
    is_label: str = "what is",
    mark: str | None = None,
) -> TileValues:
    """The texts of one tile. A window in `withheld` (from `protect.withheld_windows`) is shown as `mark`
    ("<5" by default); then the change and both verdicts are withheld too, since they would give it
    away."""
    c, m = comparison, comparison.measure
    if not withheld:
        return TileValues(
            wording.format_value(c.is_, m),
            wording.format_value(c.was, m),
            wording.format_change(c),
            c.change_verdict,
            c.model_verdict,
            wording.describe(c, was_label, is_label),
            False,
            wording.model_line(c),
            wording.model_figures(c),
            tuple(wording.notes(c)),
            wording.definition(m),
            c.tone,
        )
    mark = mark or protect.primary_mark(threshold)
    value = mark if "What is" in withheld else wording.format_value(c.is_, m)
    was = mark if "What was" in withheld else wording.format_value(c.was, m)
    return TileValues(
        value,
        was,
        None,
        WITHHELD_VERDICT,
        WITHHELD_VERDICT,
        f"{m.label}: {was} ({was_label}), {value} ({is_label}). {protect.explanation(threshold)}",
        True,
        definition=wording.definition(m),
    )


def shown(comparisons: Sequence, withheld: Mapping[str, frozenset], view: View) -> list[TileValues]:
    """What the tiles of one view show, in the app and in the briefing pack alike."""
    threshold = view.force.suppression_threshold

    def mark(c) -> str:
        # "<5" ("<10" for a stock beside its flows) only where the figure is itself a count; a share or
        # rate resting on one reads "withheld".
        counted = c.measure.unit in ("count", "backlog") and view.level != protect.SELECTION
        floor = getattr(withheld.get(c.measure.key), "floor", 0) or threshold
        return protect.primary_mark(floor) if counted else protect.WITHHELD_MARK

    return [
        values(c, withheld.get(c.measure.key, frozenset()), threshold, view.was.label(), view.is_.label(), mark(c))
        for c in comparisons
    ]
