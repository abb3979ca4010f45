"""The browser scripts' own unit tests (node:test), run as part of the suite."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_live_js_stream_rules():
    result = subprocess.run(
        ["node", "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
