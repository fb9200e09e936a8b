"""Messages: every message in the code has an Indonesian translation with the same placeholders,
and the CLI speaks Indonesian when asked."""

from __future__ import annotations

import os
import string
from pathlib import Path

from babel.messages.extract import extract_from_dir
from sitefactory import PROJECT, build_site, run_cli, write_site

from katalog.messages import load_catalog, msg_n


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_an_indonesian_translation() -> None:
    catalog = load_catalog("id")
    assert catalog is not None
    messages = {message for _file, _line, message, *_ in extract_from_dir(
        PROJECT / "katalog", method_map=[("**.py", "python")], keywords={"msg": None, "msg_n": (1, 2)})}
    assert len(messages) > 80 and any(isinstance(message, tuple) for message in messages)
    for message in messages:
        entry = catalog.get(message)
        assert entry is not None and entry.string, f"no Indonesian for: {message}"
        english = message if isinstance(message, tuple) else (message,)
        indonesian = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert len(indonesian) == 1 and all(indonesian), message  # one form: Indonesian has no plural
        assert {frozenset(placeholders(text)) for text in (*english, *indonesian)} == \
            {frozenset(placeholders(english[0]))}, message
    unused = {m.id for m in catalog if m.id and m.id not in messages}
    assert unused == set(), "katalog/locale/id.po has messages the code no longer uses"


def test_cli_messages_in_indonesian(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\ncategory: pemasaran\nlevle: x\n---\n"})
    result = run_cli("--messages", "id", "build", "--site", str(site), "--output", str(tmp_path / "out"))
    assert result.code == 1
    assert "content/courses/pemasaran.id.md:2: summary: wajib diisi tetapi tidak ada" in result.err
    assert "kesalahan: 1, peringatan: 1; tidak ada yang diterbitkan, situs sebelumnya tidak berubah." in result.err


def test_message_language_from_the_environment(site: Path, tmp_path: Path) -> None:
    os.environ["KATALOG_MESSAGES"] = "id"
    try:
        write_site(site, {"content/pages/tentang.id.md": "---\ntitle: T\n---\n[x](hilang.id.md)\n"})
        result = build_site(site, tmp_path / "out")
    finally:
        del os.environ["KATALOG_MESSAGES"]
    assert result.code == 0
    assert "peringatan: body: menautkan ke 'hilang.id.md', yang tidak ada" in result.err
    assert "berkas seluruhnya" in result.out


def test_counts_read_naturally_in_english_and_in_indonesian() -> None:
    one = msg_n("check passed with {count} warning", "check passed with {count} warnings", 1)
    two = msg_n("check passed with {count} warning", "check passed with {count} warnings", 2)
    assert (str(one), str(two)) == ("check passed with 1 warning", "check passed with 2 warnings")
    catalog = load_catalog("id")
    assert two.translated(catalog) == "pemeriksaan lolos dengan 2 peringatan"
    assert one.translated(catalog) == "pemeriksaan lolos dengan 1 peringatan"
