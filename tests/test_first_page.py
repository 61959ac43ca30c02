"""What a fresh server's first page pays for: the modules it imports, and the same verdicts without
statsmodels (issue 24)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from briefing.config import REPO_DIR
from briefing.stats import compare


@pytest.mark.parametrize("seed", range(40))
def test_the_benjamini_hochberg_adjustment_is_statsmodels(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 30))
    p = rng.uniform(0, 1, n) ** rng.uniform(0.5, 4)
    if seed % 4 == 0:  # ties, zeros and ones
        p = np.round(p, 1)
        p[: n // 3] = p[0]
    expected = multipletests(list(p), alpha=compare.ALPHA, method="fdr_bh")[1]
    assert np.array_equal(compare.fdr_bh(list(p)), expected)


def test_the_first_page_imports_neither_statsmodels_nor_scipy_stats():
    """A page read from the common views needs neither (statsmodels with scipy.stats took 1-3 s)."""
    code = (
        "import sys; from briefing.app import gate, precomputed, sidebar, ui; from briefing.areas import area_data; "
        "print(sorted(m for m in ('statsmodels', 'scipy.stats') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_DIR, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
