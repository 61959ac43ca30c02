"""The one AppTest helper: open a page from the entry file, as a user arriving by a link; and readers of
what it shows."""

import html
import re
from collections.abc import Iterator

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from briefing.config import REPO_DIR
from briefing.present import tables


def open_page(page: str = "app.py", lpa: str | None = None, **query) -> AppTest:
    """Run `page` with the URL parameters given (an LPA code for `lpa`), as a deep link would."""
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    if page != "app.py":
        at.switch_page(page)
    # AppTest clears the URL on a page switch; set the parameters as a deep link would.
    for key, value in (({"lpa": lpa} if lpa else {}) | query).items():
        at.query_params[key] = value
    at.run()
    return at


TILE = re.compile(r'data-label="([^"]*)" data-value="([^"]*)"')


def layout(at: AppTest) -> list[str]:
    """The kinds of element down the page's main column, in order (what is inside a container left out)."""
    return [type(node).__name__ for node in at.main.children.values()]


def lpa_chooser(at: AppTest):
    """The sidebar's LPA chooser: one button per LPA, none chosen is force-wide."""
    return at.sidebar.button_group[0]


def tiles(at: AppTest) -> list[tuple[str, str]]:
    """Every headline tile on the page (ui.draw_tiles), in order: (label, value) as a person reads them."""
    return [
        (html.unescape(label), html.unescape(value))
        for block in at.get("html")
        for label, value in TILE.findall(block.proto.body)
    ]


def metrics(at: AppTest) -> dict[str, str]:
    return dict(tiles(at))


def tile_text(at: AppTest) -> str:
    """All the tiles' words as a person reads them: the markup left out, spaces collapsed."""
    marked = " ".join(block.proto.body for block in at.get("html") if 'class="briefing-tiles"' in block.proto.body)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", marked)))


def open_part(at: AppTest, label: str) -> AppTest:
    """The page with its part (tab) `label` open, as a click on the tab opens it."""
    at.session_state[next(key for key in at.session_state.keys() if key.endswith("_part"))] = label
    return at.run()


def each_part(at: AppTest) -> Iterator[AppTest]:
    """A page with each of its parts (tabs) open in turn; a page without parts as it is."""
    if not any(key.endswith("_part") for key in at.session_state.keys()):
        yield at
        return
    for tab in list(at.tabs):
        yield open_part(at, tab.label)


def table_with(at: AppTest, column: str):
    """The first table (interactive or plain) on the page, in any part, that has the given column (a
    column name, as the query returns it; tables show plain-English headers, so the table comes back
    with its columns named as in queries)."""
    raw = {tables.header(name): name for name in tables.HEADERS}
    frame = next(
        t.value
        for shown in each_part(at)
        for t in [*shown.dataframe, *shown.table]
        if tables.header(column) in t.value.columns
    )
    return frame.rename(columns=raw)


def every_trend_renders(at: AppTest) -> list[str]:
    """Choose each trend in turn; returns the options that raised."""
    failed = []
    for option in at.main.button_group[0].options:
        at.main.button_group[0].set_value(option).run()
        if at.exception:
            failed.append(option)
    return failed


def chart_data(at: AppTest) -> list[pd.DataFrame]:
    """Every dataset the page's charts send to the browser, in every part: what is actually plotted."""
    return [
        pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        for shown in each_part(at)
        for chart in shown.get("vega_lite_chart")
        for dataset in chart.proto.datasets
    ]
