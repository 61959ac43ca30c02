"""Accessibility in a real browser: axe-core (tests/axe, from the npm registry) on every page and every
part (tab), force-wide and for an LPA, against the WCAG 2.0, 2.1 and 2.2 A and AA rules; and the main
path walked with the keyboard alone, with a visible focus indicator at every step.

Streamlit scrolls inside its main area, so a normal window would check only what is on screen: the
window is made as tall as the page before axe runs. Needs chromium and `npm ci --prefix tests/axe`
(`.ci/run` does both); without them it is skipped, except in CI (CI=true), where it fails.
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.browsing import (
    ARTIFACTS,
    PAGE_FILES,
    expect,
    require_browser,
    streamlit_server,
    url_path,
    wait_for_page,
)

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTH = 1400
COVENTRY = "E08000026"


def _require_axe():
    if not AXE.exists():
        why = "axe-core is not installed (npm ci --prefix tests/axe)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"accessibility test cannot run in CI: {why}")
        pytest.skip(f"accessibility test skipped: {why}")


@pytest.fixture(scope="module")
def server():
    require_browser()
    _require_axe()
    with streamlit_server("--server.address", "127.0.0.1") as base:
        yield base


def settle(page):
    """Wait until Streamlit has finished the run, the charts are drawn and the page has stopped growing (a
    page arrives element by element: a check too soon would see only its top)."""
    page.wait_for_load_state("networkidle")
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].every(c => c.querySelector('svg'))",
        timeout=60_000,
    )
    # The page's style (ui.PAGE_STYLE) arrives as an element of the run like any other: under load a check
    # can come between the captions and it.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
        ".every(c => getComputedStyle(c).opacity === '1')",
        timeout=60_000,
    )
    height = None
    for _ in range(60):
        page.wait_for_timeout(500)
        now = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
        if now == height:
            break
        height = now


def as_tall_as_the_page(page):
    """Streamlit's main area and sidebar scroll inside themselves: make the window tall enough to show
    both whole, so every element is on screen for axe (it checks contrast only on what it can see)."""
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight, ...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stSidebarContent]')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 100, 32_000)})
    page.wait_for_timeout(500)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG A and AA violations on the whole page, one dict per rule with its elements."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
             .then(r => r.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                         why: n.failureSummary.replace(/\\s+/g, ' ').slice(0, 240)}))})))""",
        WCAG_AA,
    )


def describe(where: str, violations: list[dict]) -> list[str]:
    """One line per failing element: where, the rule, its impact, the element and why."""
    return [
        f"{where}: {v['rule']} ({v['impact']}): {n['target']} {n['html']!r}: {n['why']}"
        for v in violations
        for n in v["nodes"]
    ]


def tab_labels(page) -> list[str]:
    tabs = page.get_by_role("tab")
    return [tabs.nth(i).inner_text() for i in range(tabs.count())]


@pytest.mark.parametrize("lpa", [None, COVENTRY], ids=["force-wide", "LPA"])
@pytest.mark.parametrize(("path", "label"), PAGE_FILES)
def test_every_page_and_part_passes_axe(server, browser, path, label, lpa):
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    page.goto(f"{server}{url_path(path)}{f'?lpa={lpa}' if lpa else ''}")
    wait_for_page(page, label)
    failures, counts = [], {}
    for tab in tab_labels(page) or [""]:
        if tab:
            page.set_viewport_size({"width": WIDTH, "height": 1000})
            page.get_by_role("tab", name=tab, exact=True).click()
            expect(page.get_by_role("tab", name=tab, exact=True)).to_have_attribute("aria-selected", "true")
        settle(page)
        as_tall_as_the_page(page)
        violations = axe_violations(page)
        where = f"{label} ({'force-wide' if lpa is None else lpa}){f', {tab}' if tab else ''}"
        counts[tab or label] = sum(len(v["nodes"]) for v in violations)
        failures += describe(where, violations)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{Path(path).stem}-{lpa or 'force'}.json").write_text(json.dumps(counts, indent=1))
    page.close()
    assert not failures, f"{len(failures)} axe violation(s):\n" + "\n".join(failures)


def test_the_axe_check_finds_a_violation_when_there_is_one(server, browser):
    """The check above can fail: grey text on white at 2.3:1, added to a page, is reported by rule and element."""
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    page.goto(f"{server}/data_and_methods")
    wait_for_page(page, "Data and methods")
    settle(page)
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'too-faint'; p.textContent = 'Faint text';
                            p.style.color = '#999999'; document.querySelector('[data-testid=stMain]').prepend(p); }""")
    lines = describe("Data and methods", axe_violations(page))
    assert any("color-contrast (serious): #too-faint" in line for line in lines), lines
    page.close()


# A focus indicator: a ring of 2px or more drawn by outline or box-shadow, on the focused element or the
# box just around it (a select's input shows focus on the select it sits in).
FOCUS_SHOWN = """e => {
  const spread = shadow => parseFloat((shadow.match(/-?[\\d.]+px/g) || [])[3] || '0');
  for (let x = e, i = 0; x && i < 4; x = x.parentElement, i++) {
    const s = getComputedStyle(x);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) return true;
    if (s.boxShadow !== 'none' && s.boxShadow.split(/,(?![^(]*\\))/).some(shadow => spread(shadow) >= 2)) return true;
  }
  return false;
}"""
FOCUSED = """() => { const e = document.activeElement;
  return `${e.tagName.toLowerCase()} ${e.getAttribute('role') || ''} "${(e.getAttribute('aria-label') || e.innerText
          || '').replace(/\\s+/g, ' ').slice(0, 60)}"`; }"""


def press(page, key: str) -> str:
    """Press a key and return what then has focus, after checking that it shows a focus indicator."""
    page.keyboard.press(key)
    page.wait_for_timeout(60)
    focused = page.evaluate(FOCUSED)
    if not focused.startswith("body"):
        assert page.evaluate_handle("() => document.activeElement").evaluate(FOCUS_SHOWN), (
            f"no visible focus indicator on {focused} (after {key})"
        )
    return focused


def tab_to(page, text: str, key: str = "Tab", limit: int = 80) -> str:
    """Tab (or Shift+Tab) until the focused element's name contains `text`; every stop on the way must
    show its focus."""
    seen = []
    for _ in range(limit):
        seen.append(press(page, key))
        if text in seen[-1]:
            return seen[-1]
    raise AssertionError(f"{text!r} not reached with {key}; focus went: {seen}")


def focus_tab(page, label: str) -> None:
    """Put the focus back on the tab just opened (where a keyboard user's focus is), and keep it there: a rerun
    still arriving under load can replace the tab bar and drop the focus to the page, so focus again until it
    holds for half a second."""
    held = (
        "(name) => document.activeElement?.getAttribute('role') === 'tab' "
        "&& document.activeElement.innerText.trim() === name"
    )
    for _ in range(20):
        page.get_by_role("tab", name=label, exact=True).focus()
        page.wait_for_timeout(500)
        if page.evaluate(held, label):
            return
    raise AssertionError(f"the focus does not stay on the tab {label!r}")


def test_the_main_path_by_keyboard_alone_with_focus_always_visible(server, browser):
    """Choose an LPA, change the comparison, open each part and download the pack with the keyboard only;
    every element focused on the way shows a focus ring (outline or box-shadow of 2px or more)."""
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000}, accept_downloads=True)
    page.goto(f"{server}/marac")
    wait_for_page(page, "MARAC")
    settle(page)
    # The LPA buttons are one stop: arrows move between them, Space chooses.
    tab_to(page, "Birmingham")
    assert "Coventry" in press(page, "ArrowRight")
    lpa = "Coventry"
    page.keyboard.press("Space")
    expect(page.get_by_text(f"{lpa} · what was")).to_be_visible()
    settle(page)
    # The comparison: open the select, move down one option, choose it.
    tab_to(page, "Compare")
    before = page.get_by_text("What was:").inner_text()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_text("What was:")).not_to_have_text(before)
    assert "cmp=" in page.url
    settle(page)
    # Each part: the open tab is one stop; arrows move along the tabs and Enter opens one.
    labels = tab_labels(page)
    tab_to(page, labels[0])
    for previous, label in zip(labels, labels[1:]):
        focused = press(page, "ArrowRight")
        if focused.startswith("body"):  # a rerun still arriving replaced the tab bar: back to the tab, again
            focus_tab(page, previous)
            focused = press(page, "ArrowRight")
        assert label in focused
        page.keyboard.press("Enter")
        expect(page.get_by_role("tab", name=label, exact=True)).to_have_attribute("aria-selected", "true")
        settle(page)
        focus_tab(page, label)
        assert page.get_by_role("tab", name=label, exact=True).evaluate(FOCUS_SHOWN)
    # The pack, back up in the sidebar.
    tab_to(page, "Briefing pack (PowerPoint)", key="Shift+Tab", limit=200)
    with page.expect_download(timeout=120_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pptx") and lpa in download.value.suggested_filename
    page.close()


# Whatever reaches past the window's edges, outside the boxes allowed to scroll sideways (tables, the tab bar)
# and the copies of tables kept for printing.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('[data-testid=stMain] *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    if (e.closest('[data-testid=stDataFrame], [data-testid=stTable], [role=tablist], [class*=st-key-print-only]'))
      continue;
    out.push(`${e.tagName.toLowerCase()} ${Math.round(r.left)}-${Math.round(r.right)}px `
             + `"${(e.textContent || '').replace(/\\s+/g, ' ').slice(0, 50)}"`);
  }
  return out.slice(0, 20);
}"""


@pytest.mark.parametrize(
    ("path", "label"),
    [("app.py", "Overview"), ("pages/marac.py", "MARAC"), ("pages/crime_and_peers.py", "Crime and peers")],
)
def test_nothing_is_cut_off_or_scrolls_sideways_at_320_pixels(server, browser, path, label):
    """WCAG 2.2 1.4.10: at 320px wide the freshness line, tiles, choices and charts (legends under the plot,
    titles wrapped) all fit; only tables and the tab bar may scroll inside their own boxes."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{server}{url_path(path)}")
    wait_for_page(page, label)
    page.locator("[data-testid=stVegaLiteChart] svg").first.wait_for(timeout=60_000)
    settle(page)
    page.set_viewport_size(
        {"width": 320, "height": page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")}
    )
    settle(page)
    main = page.locator("[data-testid=stMain]")
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth"), "the page scrolls sideways"
    assert page.evaluate(CUT_OFF) == []
    # Nor cut short: Vega ends a title or label too long for its room with an ellipsis.
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMain] svg text')]"
            ".map(t => t.textContent).filter(t => t.includes('…'))"
        )
        == []
    )
    expect(page.get_by_text(re.compile(r"(Demonstration data|Data) to \w+ \d{4}\.")).first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{Path(path).stem}-320px.png", full_page=True)
    page.close()
