"""The README's client calls (its section on the Open Inference Protocol), run as written against the
packaged service, each block in a process of its own: they print what the service's JSON REST
answers for the same rows."""

import ast
import os
import re
import subprocess
import sys

import numpy as np
from conftest import json_rest

from packaged_service import REPO


def readme_blocks() -> list[str]:
    with open(os.path.join(REPO, "README.md")) as f:
        readme = f.read()
    section = readme[readme.index("## The Open Inference Protocol") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_shows_a_triton_and_a_kserve_block():
    blocks = readme_blocks()
    assert len(blocks) == 2
    assert "tritonclient" in blocks[0] and "kserve" in blocks[1]


def test_each_readme_block_prints_the_services_answer(service):
    for block in readme_blocks():
        rows = np.array(ast.literal_eval(re.search(r"np\.array\((\[\[.*?\]\])\)", block).group(1)))
        status, expected = json_rest(service.url, "stock-volume", rows)
        assert status == 200

        run = subprocess.run(
            [sys.executable, "-c", block.replace("localhost:8080", f"127.0.0.1:{service.port}")],
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert run.returncode == 0, run.stderr[-3000:]
        printed = [ast.literal_eval(line) for line in run.stdout.splitlines()]
        assert printed == [expected["outputs"][0]["data"]] * 2, run.stdout
