"""A real browser (Playwright driving Debian's chromium) on a freshly started server.

Runs wherever chromium is installed; in CI (CI=true) it must run, so a missing browser fails.
"""

import time
import urllib.parse
from pathlib import Path

import pytest

from tests.browsing import ARTIFACTS, PAGE_FILES, expect, require_browser, streamlit_server, url_path, wait_for_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    require_browser()
    with streamlit_server("--server.address", "127.0.0.1") as base:
        yield base


@pytest.mark.parametrize(("path", "label"), PAGE_FILES)
def test_deep_link_to_every_page(server, browser, path, label):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{server}{url_path(path)}?lpa=E08000026&trend=36")
    wait_for_page(page, label)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Local Policing Area")).to_be_visible()
    expect(sidebar.get_by_text("Coventry").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{Path(path).stem}.png", full_page=True)
    page.close()


def test_one_click_on_an_lpa_adds_it_and_another_takes_it_away(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?lpa=E08000026")
    wait_for_page(page, "Overview")
    chooser = page.locator("[data-testid='stSidebar'] [data-testid='stButtonGroup']")
    chooser.get_by_role("button", name="Dudley", exact=True).click()
    expect(page.get_by_text("Coventry, Dudley · what was")).to_be_visible()
    assert "lpa=E08000026&lpa=E08000027" in page.url
    chooser.get_by_role("button", name="Coventry", exact=True).click()
    expect(page.get_by_text("Dudley · what was")).to_be_visible()
    chooser.get_by_role("button", name="Dudley", exact=True).click()
    expect(page.get_by_text("WMP force-wide · what was")).to_be_visible()
    assert "lpa=" not in page.url
    page.close()


def test_every_tile_label_is_shown_whole_on_a_narrow_screen(server, browser):
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.goto(f"{server}/investigations")
    wait_for_page(page, "Investigations and outcomes")
    labels = page.locator(".briefing-tile-label")
    expect(labels.first).to_be_visible()
    # A label cut off with an ellipsis is wider inside than its box.
    cut = labels.evaluate_all("boxes => boxes.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)")
    assert labels.count() >= 8 and cut == []
    page.close()


def test_a_tile_is_a_named_group_that_explains_itself_on_request(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/marac")
    wait_for_page(page, "MARAC")
    tile = page.get_by_role("group", name="Repeat referrals")
    expect(tile).to_contain_text("was ")
    about = tile.get_by_text("the total of the numerator over the total of the denominator")
    expect(about).to_be_hidden()
    tile.get_by_text("About this figure").click()
    expect(about).to_be_visible()
    page.close()


def test_a_part_of_a_page_opens_on_a_click_and_the_tiles_stay(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/marac")
    wait_for_page(page, "MARAC")
    expect(page.locator(".briefing-tile").first).to_be_visible()
    tiles = page.locator(".briefing-tile").all_inner_texts()
    # The trend chart, by its alt text (its title, now wrapped onto lines in the chart itself).
    trend = page.locator(
        "[data-testid='stVegaLiteChart'][aria-label^='Referrals a year per 10,000 adult women: WMP force-wide.']"
    )
    expect(trend).to_be_attached()
    assert page.locator("[data-testid='stTable'], [data-testid='stDataFrame']").count() == 0, "no table in Trends"
    page.get_by_role("tab", name="Breakdowns").click()
    expect(page.get_by_role("heading", name="By Local Policing Area")).to_be_visible()
    expect(page.get_by_role("cell", name="Birmingham").first).to_be_visible()
    assert trend.count() == 0
    assert page.locator(".briefing-tile").all_inner_texts() == tiles
    page.close()


def test_text_from_the_url_is_shown_as_written_never_as_a_link_or_image(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    link = "[Click here](https://evil.example/x)"
    image = "![i](https://evil.example/p.png)"
    page.goto(f"{server}/?{urllib.parse.urlencode({link: '1', 'cmp': image})}")
    wait_for_page(page, "Overview")
    expect(page.get_by_text(f"Ignored unknown URL parameter(s) '{link}'.")).to_be_visible()
    expect(page.get_by_text(f"Unknown comparison '{image}'", exact=False)).to_be_visible()
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.locator("img[src*='evil.example']").count() == 0
    page.close()


def test_lpa_is_carried_across_pages(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?lpa=E08000027")
    wait_for_page(page, "Overview")
    sidebar = page.locator("[data-testid='stSidebar']")
    for path, label in reversed(PAGE_FILES):
        sidebar.get_by_role("link", name=label).click()
        wait_for_page(page, label)
        assert page.url.split("?")[0].endswith(url_path(path))
        assert "lpa=E08000027" in page.url
        expect(sidebar.get_by_text("Dudley").first).to_be_visible()
    page.close()


def test_briefing_pack_downloads_from_a_page(server, browser):
    from pptx import Presentation

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/calls_and_response?lpa=E08000030")
    wait_for_page(page, "Calls and response")
    sidebar = page.locator("[data-testid='stSidebar']")
    for label, check in (("Briefing pack (PowerPoint)", "pptx"), ("Briefing pack (PDF)", "pdf")):
        with page.expect_download(timeout=60_000) as download:
            sidebar.get_by_role("button", name=label).click()
        saved = ARTIFACTS / download.value.suggested_filename
        download.value.save_as(saved)
        assert "Walsall" in saved.name and saved.name.endswith(f"-DEMONSTRATION.{check}")
        if check == "pptx":
            titles = [slide.shapes.title.text for slide in Presentation(saved).slides if slide.shapes.title]
            assert "Calls and response" in titles
        else:
            assert saved.read_bytes().startswith(b"%PDF")
    page.close()


def _caption(sidebar) -> str:
    return sidebar.get_by_text("What was:").inner_text()


def _tiles(page) -> list[str]:
    # Value and change: moving a "what was" thumb changes the change, not the value.
    return page.locator(".briefing-tile").all_inner_texts()


def _settled(page, before: str, sidebar):
    """Wait until the sidebar's window caption differs from `before` and the page is quiet."""
    deadline = time.monotonic() + 30
    while _caption(sidebar) == before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content()


def test_custom_windows_chosen_with_the_sliders(server, browser):
    """Both custom-window sliders, moved by keyboard and by mouse in both directions, change the
    windows and the figures, and never show an error."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/calls_and_response")
    wait_for_page(page, "Calls and response")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stSelectbox']").filter(has_text="Compare").click()
    page.get_by_role("option", name="Custom windows").click()
    page.wait_for_load_state("networkidle")
    sliders = sidebar.get_by_role("slider")
    expect(sliders.first).to_be_visible()
    assert sliders.count() == 4  # two thumbs on each of "What was" and "What is"
    seen = {_caption(sidebar)}
    tiles_seen = {tuple(_tiles(page))}
    # Keyboard: the "what was" end thumb left, the "what is" start thumb right.
    for thumb, key in ((1, "ArrowLeft"), (2, "ArrowRight"), (1, "ArrowRight")):
        before = _caption(sidebar)
        sliders.nth(thumb).focus()
        page.keyboard.press(key)
        _settled(page, before, sidebar)
        seen.add(_caption(sidebar))
        tiles_seen.add(tuple(_tiles(page)))
    # Mouse: drag the "what is" end thumb left, then the "what was" start thumb right.
    for thumb, dx in ((3, -60), (0, 60)):
        before = _caption(sidebar)
        box = sliders.nth(thumb).bounding_box()
        # The slider role sits on a box whose left edge is the knob's centre.
        x, y = box["x"] + 1, box["y"] + 4
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 9):
            page.mouse.move(x + dx * step / 8, y)
            page.wait_for_timeout(30)
        page.mouse.up()
        _settled(page, before, sidebar)
        seen.add(_caption(sidebar))
        tiles_seen.add(tuple(_tiles(page)))
    assert len(seen) == 6, seen  # every move changed the windows
    assert len(tiles_seen) == 6, tiles_seen  # and the figures with them
    assert "cmp=custom" in page.url and "was_from=" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "custom_windows.png", full_page=True)
    page.close()
