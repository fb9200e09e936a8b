"""The editor guide is true: every example of what is accepted or refused is built.

In docs/panduan-editor.md, an example is an HTML comment (invisible when the guide is read
on the Git host) followed by a code block:

    <!-- contoh {"nama": "...", "ubah": [["content/...", "old text", "new text"]], "perintah": ["check"]} -->
    ```
    the lines the command prints
    ```

The test copies the bundled sample site, makes the change, runs the command with
``--messages id`` as the guide does, and checks the exit status and every printed line.
Optional keys: "tulis" (file -> whole new text), "perintah" (default ["check"]; ``{situs}`` in it is the
copied site's folder, for a file the example wrote there), "keluar"
(exit status, default 1), "halaman" (built file -> text that must be in it, after a build),
"blok": "masukan" (the block shows what the example writes, not what is printed).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_NOW
from sitefactory import PROJECT, run_cli

GUIDE = PROJECT / "docs/panduan-editor.md"
EXAMPLE = re.compile(r"<!-- contoh (\{.*?\}) -->\n```[a-z]*\n(.*?)```", re.S)


def examples() -> list[tuple[dict, str]]:
    return [(json.loads(spec), block) for spec, block in EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))]


def copy_sample(folder: Path) -> Path:
    site = folder / "situs"
    shutil.copytree(PROJECT / "content", site / "content")
    shutil.copy(PROJECT / "site_config.yaml", site / "site_config.yaml")
    return site


def test_the_guide_has_its_examples() -> None:
    found = examples()
    assert len(found) >= 15
    names = [spec["nama"] for spec, _ in found]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("spec", "block"), examples(), ids=[spec["nama"] for spec, _ in examples()])
def test_guide_example(spec: dict, block: str, tmp_path: Path) -> None:
    site = copy_sample(tmp_path)
    for name, old, new in spec.get("ubah", []):
        path = site / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the guide's example changes {old!r}, which is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, text in spec.get("tulis", {}).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    command = [word.replace("{situs}", str(site)) for word in spec.get("perintah", ["check"])]
    extra = ["--output", str(tmp_path / "out")] if command[0] == "build" else []
    result = run_cli("--messages", "id", *command, "--site", str(site), "--now", SAMPLE_NOW, *extra)
    printed = (result.err + result.out).replace(str(site) + "/", "")
    assert result.code == spec.get("keluar", 1), printed
    shows_output = spec.get("blok") != "masukan"  # or the block is the text the example writes
    for line in block.strip("\n").split("\n") if shows_output else ():
        assert line in printed.split("\n"), f"the guide shows {line!r}; the command printed:\n{printed}"
    for name, text in spec.get("halaman", {}).items():
        assert text in (tmp_path / "out" / name).read_text(encoding="utf-8"), (name, text)
