"""The README says what the code is: its generated sections (every module of `briefing/`, every command's
`--help`) are current, and every place its "Where a new thing goes" list names exists."""

from __future__ import annotations

import re
import subprocess
import sys

from briefing.config import REPO_DIR

README = (REPO_DIR / "README.md").read_text(encoding="utf-8")


def test_the_generated_sections_are_current():
    out = subprocess.run([sys.executable, "tools/readme.py", "--check"], cwd=REPO_DIR, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_every_place_the_newcomer_list_names_exists():
    section = README[README.index("### Where a new thing goes") :]
    section = section[: section.index("\n## ")]
    named = {
        path.split("<")[0].rstrip("/") for path in re.findall(r"`((?:briefing|pages|queries|tests)[^`\s]*)`", section)
    }
    assert {
        "briefing/areas/declarations.py",
        "briefing/pack/content.py",
        "briefing/refresh/public.py",
        "pages",
    } <= named
    missing = sorted(p for p in named if not (REPO_DIR / p).exists())
    assert missing == []


def test_the_check_fails_on_a_stale_readme(tmp_path, monkeypatch):
    sys.path.insert(0, str(REPO_DIR / "tools"))
    import readme

    stale = README.replace("`python -m briefing.refresh.demo`:", "`python -m briefing.demo`:", 1)
    assert stale != README and readme.rewritten(stale) == README
