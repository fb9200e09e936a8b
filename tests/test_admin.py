"""/admin/ in a built site: there only when site_config.yaml asks for it and its bundle exists,
said in one line when left out, never a page of the site (sitemap, search index), valid HTML."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from quality_tools import run_vnu
from sitefactory import NOW, PROJECT, build_site, run_cli

from katalog.cms_config import EditorFacts
from katalog.config import load_config
from katalog.errors import Problems
from katalog.outputs.admin import admin_output
from katalog.render import make_environment

ADMIN = """
admin:
  backend: github
  repo: dinas-koperasi/katalog-uji
"""
LEFT_OUT = "  browser editor: not published (no admin: block in site_config.yaml)"


def with_admin(site: Path, block: str = ADMIN) -> None:
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + block, encoding="utf-8")


def test_without_an_admin_block_no_editor_is_published_and_the_summary_says_so(site: Path, tmp_path: Path) -> None:
    result = build_site(site, tmp_path / "out")
    assert result.code == 0, result.err
    assert LEFT_OUT in result.out.splitlines()
    assert not (tmp_path / "out" / "admin").exists()


def test_the_editor_is_published_apart_from_the_site(site: Path, tmp_path: Path) -> None:
    with_admin(site)
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0, result.err
    assert "browser editor" not in result.out
    page = (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert (out / "admin" / "cms" / "editor.js").is_file() and (out / "admin" / "config.yml").is_file()
    assert "admin" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    indexed = [json.loads(gzip.decompress(fragment.read_bytes()).decode("utf-8")[len("pagefind_dcd"):])["url"]
               for fragment in (out / "pagefind").glob("*/fragment/*.pf_fragment")]
    assert indexed and not [url for url in indexed if "admin" in url]
    assert run_vnu([out / "admin" / "index.html"]) == []
    # Every public page keeps its own policy; the editor's is its own.
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self';" in home and "api.github.com" not in home


def test_an_admin_block_is_checked_like_every_setting(site: Path) -> None:
    with_admin(site, "\nadmin:\n  backend: gitlab\n  repo: katalog-uji\n  brach: main\n")
    result = run_cli("check", "--site", str(site), "--now", NOW)
    assert result.code == 1
    assert "site_config.yaml:" in result.err
    assert "admin.repo: 'katalog-uji' must name the repository as owner/name" in result.err
    assert "admin.app_id: is required for GitLab" in result.err
    assert "admin.brach: is not a known field; did you mean 'branch'?" in result.err


def test_without_its_bundle_the_editor_is_left_out_with_a_reason(site: Path, tmp_path: Path) -> None:
    """A machine without Node.js builds the site all the same (the bundle is made by npm)."""
    with_admin(site)
    config = load_config(site, Problems(site))
    assert config is not None
    env = make_environment([PROJECT / "templates"])
    made = admin_output(config, EditorFacts({}, {}, False), env, bundle=tmp_path / "no-bundle")
    assert made.files == ()
    assert made.note is not None and "its bundle is not built" in str(made.note)


def test_the_editor_is_pinned_exactly_and_bundled_from_the_lockfile() -> None:
    lock = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for name in ("@sveltia/cms", "esbuild"):
        assert wanted[name] == lock["packages"][f"node_modules/{name}"]["version"], name  # an exact version
    assert (PROJECT / "katalog" / "editor" / "dist" / ".bundle.sha256").is_file(), "`make editor` bundles it"
    bundled = (PROJECT / "katalog" / "editor" / "dist" / "editor.js").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in bundled  # the fonts point at the bundled files (local-fonts.mjs)
