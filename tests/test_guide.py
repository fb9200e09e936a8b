"""The editor guides are true: every example of what is accepted or refused is built.

There are two editions of the guide, and each one's examples are run in its own message
language: docs/panduan-editor.md (Indonesian) with ``--messages id``, docs/editor-guide.md
(English) with ``--messages en``. An example is an HTML comment (invisible when the guide is
read on the Git host) followed by a code block. Each edition writes the comment in its own
language, with the same keys translated:

    <!-- contoh {"nama": "...", "ubah": [["content/...", "old text", "new text"]], "perintah": ["check"]} -->
    <!-- example {"name": "...", "change": [["content/...", "old text", "new text"]], "command": ["check"]} -->
    ```
    the lines the command prints
    ```

The test copies the bundled sample site, makes the change, runs the command with the guide's
``--messages`` and checks the exit status and every printed line shown in the block.

| panduan-editor.md | editor-guide.md | meaning |
|---|---|---|
| "nama" | "name" | required; unique within the guide (the test's id is the guide's name, "/", this) |
| "ubah" | "change" | [file, old text, new text], ...: replace the first occurrence (which must be there) |
| "tulis" | "write" | file -> whole new text |
| "perintah" | "command" | the command (default ["check"]); ``{situs}``: the copied site's folder |
| "keluar" | "exit" | the exit status (default 1) |
| "halaman" | "page" | built file -> text that must be in it, after a build |
| "blok": "masukan" | "block": "input" | the block shows what the example writes, not what is printed |

The English edition has the same examples as the Indonesian one, in the same order, making the
same changes and running the same commands; only their names and the printed lines differ.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLE_NOW
from sitefactory import PROJECT, run_cli


@dataclass(frozen=True)
class Guide:
    path: Path
    messages: str  # the --messages language its examples are run in
    marker: str  # the word that opens an example's comment
    keys: dict[str, str]  # the guide's keys -> the names this test uses
    input_block: str  # the value of the block key meaning "the block is what the example writes"

    @property
    def name(self) -> str:
        return self.path.stem


INDONESIAN = Guide(PROJECT / "docs/panduan-editor.md", "id", "contoh",
                   {"nama": "name", "ubah": "change", "tulis": "write", "perintah": "command", "keluar": "exit",
                    "halaman": "page", "blok": "block"}, "masukan")
ENGLISH = Guide(PROJECT / "docs/editor-guide.md", "en", "example",
                {key: key for key in ("name", "change", "write", "command", "exit", "page", "block")}, "input")
GUIDES = (INDONESIAN, ENGLISH)


def raw_examples(guide: Guide) -> list[tuple[dict, str]]:
    """The guide's examples as written: (the comment's keys and values, the code block)."""
    pattern = re.compile(rf"<!-- {guide.marker} (\{{.*?\}}) -->\n```[a-z]*\n(.*?)```", re.S)
    return [(json.loads(spec), block) for spec, block in pattern.findall(guide.path.read_text(encoding="utf-8"))]


def examples(guide: Guide) -> list[tuple[dict, str]]:
    """The guide's examples with the keys this test uses, and "input" for a block the example writes."""
    found = []
    for spec, block in raw_examples(guide):
        spec = {guide.keys.get(key, key): value for key, value in spec.items()}
        if spec.get("block") == guide.input_block:
            spec["block"] = "input"
        found.append((spec, block))
    return found


CASES = [pytest.param(guide, spec, block, id=f"{guide.name}/{spec['name']}")
         for guide in GUIDES for spec, block in examples(guide)]


def copy_sample(folder: Path) -> Path:
    site = folder / "situs"
    shutil.copytree(PROJECT / "content", site / "content")
    shutil.copy(PROJECT / "site_config.yaml", site / "site_config.yaml")
    return site


@pytest.mark.parametrize("guide", GUIDES, ids=[guide.name for guide in GUIDES])
def test_the_guide_has_its_examples(guide: Guide) -> None:
    found = raw_examples(guide)
    assert len(found) >= 15
    assert len(found) == len(raw_examples(INDONESIAN)), "the English guide has as many examples as the Indonesian"
    for spec, _ in found:
        assert set(spec) <= set(guide.keys), f"{guide.path.name}: keys {set(spec) - set(guide.keys)} in {spec}"
        block_key = next(key for key, name in guide.keys.items() if name == "block")
        assert spec.get(block_key, guide.input_block) == guide.input_block, spec
    names = [spec["name"] for spec, _ in examples(guide)]
    assert len(names) == len(set(names))


def test_the_english_guide_has_the_same_examples() -> None:
    def what_it_does(spec: dict) -> dict:
        return {key: value for key, value in spec.items() if key != "name"}

    english, indonesian = examples(ENGLISH), examples(INDONESIAN)
    for (en, _), (id_, _) in zip(english, indonesian, strict=True):
        assert what_it_does(en) == what_it_does(id_), (en["name"], id_["name"])


@pytest.mark.parametrize(("guide", "spec", "block"), CASES)
def test_guide_example(guide: Guide, spec: dict, block: str, tmp_path: Path) -> None:
    site = copy_sample(tmp_path)
    for name, old, new in spec.get("change", []):
        path = site / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the guide's example changes {old!r}, which is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, text in spec.get("write", {}).items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    command = [word.replace("{situs}", str(site)) for word in spec.get("command", ["check"])]
    extra = ["--output", str(tmp_path / "out")] if command[0] == "build" else []
    result = run_cli("--messages", guide.messages, *command, "--site", str(site), "--now", SAMPLE_NOW, *extra)
    printed = (result.err + result.out).replace(str(site) + "/", "")
    assert result.code == spec.get("exit", 1), printed
    shows_output = spec.get("block") != "input"  # or the block is the text the example writes
    for line in block.strip("\n").split("\n") if shows_output else ():
        assert line in printed.split("\n"), f"the guide shows {line!r}; the command printed:\n{printed}"
    for name, text in spec.get("page", {}).items():
        assert text in (tmp_path / "out" / name).read_text(encoding="utf-8"), (name, text)
