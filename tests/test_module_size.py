"""Every Python module stays readable in one sitting: at most MAX_LINES lines (issue 13).
A module that grows past it splits by what it holds (HackSoft: a services module that
grows becomes a package by sub-domain); data belongs in data files (the demo catalog is
agencies/demo/catalog/*.json)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600


def test_no_module_is_over_the_limit():
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(listed) > 400  # the walk sees the tree
    sizes = {name: len((ROOT / name).read_text(encoding="utf-8").splitlines()) for name in listed}
    over = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not over, over
