"""End-to-end builds of small bilingual fixture sites through the real command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitefactory import build_site, switch_link, write_site


def read(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def test_builds_both_languages_with_pretty_urls_and_translated_sections(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0, result.err
    for path in [
        "index.html", "en/index.html",
        "pelatihan/index.html", "en/courses/index.html",
        "pelatihan/koperasi/index.html", "en/courses/cooperative-management/index.html",
        "pelatihan/pemasaran/index.html",
        "kategori/koperasi/index.html", "en/categories/koperasi/index.html",
        "tentang/index.html", "en/about/index.html",
        "jadwal/index.html", "en/schedule/index.html",
        "404.html", "sitemap.xml", "robots.txt",
    ]:
        assert (out / path).is_file(), path
    assert '<html lang="id">' in read(out, "pelatihan/koperasi/index.html")
    assert '<html lang="en">' in read(out, "en/courses/cooperative-management/index.html")


def test_course_in_one_language_has_no_page_in_the_other(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert not (out / "en/courses/pemasaran").exists()
    # The English catalogue still lists it, marked with its language, linking to the page that exists.
    catalogue = read(out, "en/courses/index.html")
    assert re.search(r'<a href="/pelatihan/pemasaran/" hreflang="id" lang="id">Pemasaran Digital</a>', catalogue)
    assert "only in Indonesian" in catalogue
    # Its card in each language's list speaks that language (a kept card is kept per language too).
    assert '<p class="meta">Digital Marketing' in catalogue
    assert '<p class="meta">Pemasaran Digital' in read(out, "pelatihan/index.html")
    # Its switcher leads to the English catalogue, with a notice in English.
    page = read(out, "pelatihan/pemasaran/index.html")
    assert switch_link("/en/courses/", "en", "English") in page
    assert re.search(r'<p class="wrap other-language" lang="en">\s*This page is not available in English yet.\s*'
                     r'<a href="/en/courses/" hreflang="en">See the catalogue in English</a>', page)
    assert 'hreflang="x-default"' not in page  # nothing to alternate with
    # A translated page shows no such notice.
    assert 'class="notice' not in read(out, "pelatihan/koperasi/index.html")


def test_switcher_and_hreflang_alternates_are_reciprocal(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    id_page = read(out, "pelatihan/koperasi/index.html")
    en_page = read(out, "en/courses/cooperative-management/index.html")
    for page in (id_page, en_page):
        assert '<link rel="alternate" hreflang="id" href="https://uji.example.org/pelatihan/koperasi/">' in page
        assert ('<link rel="alternate" hreflang="en" '
                'href="https://uji.example.org/en/courses/cooperative-management/">') in page
        assert '<link rel="alternate" hreflang="x-default" href="https://uji.example.org/pelatihan/koperasi/">' in page
    assert switch_link("/en/courses/cooperative-management/", "en", "English") in id_page
    assert switch_link("/pelatihan/koperasi/", "id", "Bahasa Indonesia") in en_page
    sitemap = read(out, "sitemap.xml")
    assert "<loc>https://uji.example.org/en/courses/cooperative-management/</loc>" in sitemap
    assert 'hreflang="x-default" href="https://uji.example.org/pelatihan/koperasi/"' in sitemap


def test_english_file_inherits_language_independent_facts(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = read(out, "en/courses/cooperative-management/index.html")
    assert "24 training hours" in page  # duration_hours from the Indonesian file
    assert "Beginner" in page and "Hybrid (in person and online)" in page
    assert "Dra. Sri Uji, M.M." in page  # trainers inherited
    assert '<a href="/en/categories/koperasi/">Cooperatives</a>' in page  # category inherited, name translated
    # Tags were written in English, so they are not inherited.
    assert '<span class="tag-word">cooperatives</span>' in page and '<span class="tag-word">RAT</span>' not in page


def test_dates_and_money_read_naturally_in_each_language(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    id_page = read(out, "pelatihan/koperasi/index.html")
    en_page = read(out, "en/courses/cooperative-management/index.html")
    assert "Rp1.500.000" in id_page and "IDR\u00a01,500,000" in en_page
    assert "20–22 Juli 2026" in id_page
    assert "July 20\u2009–\u200922, 2026" in en_page  # CLDR puts thin spaces around the dash in English
    assert "Jumat, 10 Juli 2026" in id_page and "Friday, July 10, 2026" in en_page
    assert "Status per Senin, 15 Juni 2026" in id_page and "Status as of Monday, June 15, 2026" in en_page


def test_links_to_source_files_become_page_urls(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = read(out, "pelatihan/koperasi/index.html")
    assert '<a href="/pelatihan/pemasaran/">pemasaran</a>' in page
    assert '<a href="/tentang/">tentang kami</a>' in page
    assert '<a href="/en/about/">about us</a>' in read(out, "en/courses/cooperative-management/index.html")


def test_nested_lists_indented_by_two_spaces(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = read(out, "pelatihan/koperasi/index.html")
    assert re.search(r"<li>Hari pertama<ul>\s*<li>Prinsip koperasi</li>", page)
    assert '<h3 id="materi">Materi</h3>' in page  # under the page's own h2 section


def test_html_in_markdown_is_sanitised_and_front_matter_escaped(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/courses/koperasi.id.md": """\
        ---
        title: "Koperasi <script>alert(1)</script> & UMKM"
        summary: Ringkasan.
        category: koperasi
        ---

        <script>alert('x')</script>
        <a href="javascript:alert(1)" onclick="steal()">klik</a>
        <img src="x.png" onerror="steal()" alt="gambar">
        """})
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0, result.err
    page = read(out, "pelatihan/koperasi/index.html")
    assert "<script>alert" not in page
    assert "Koperasi &lt;script&gt;alert(1)&lt;/script&gt; &amp; UMKM" in page
    assert "javascript:" not in page and "onclick" not in page and "onerror" not in page
    assert "klik" in page
    assert "was removed from the page" in result.err  # the editor is told


def test_drafts_hidden_unless_asked(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/courses/draf.id.md": "---\ntitle: Draf\nsummary: S.\ncategory: koperasi\n"
                                                     "draft: true\n---\nIsi.\n"})
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert not (out / "pelatihan/draf").exists()
    assert "Draf" not in read(out, "pelatihan/index.html")
    assert build_site(site, out, "--drafts").code == 0
    assert (out / "pelatihan/draf/index.html").is_file()


def test_bundle_folder_course(site: Path, tmp_path: Path) -> None:
    write_site(site, {
        "content/courses/foto/index.id.md": "---\ntitle: Foto Produk\nsummary: S.\ncategory: pemasaran\n---\n"
                                            "Lihat [koperasi](../koperasi.id.md).\n",
        "content/courses/foto/index.en.md": "---\ntitle: Product Photos\nsummary: S.\nslug: product-photos\n---\nX\n",
    })
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert '<a href="/pelatihan/koperasi/">koperasi</a>' in read(out, "pelatihan/foto/index.html")
    assert "Product Photos" in read(out, "en/courses/product-photos/index.html")


def test_a_bundle_publishes_its_other_files_never_its_sources_or_hidden_files(site: Path, tmp_path: Path) -> None:
    """The files beside a bundle's pages travel with it (images, a PDF); its Markdown sources
    (front matter, drafts' text) and hidden files (an editor's notes, .DS_Store) stay behind."""
    write_site(site, {
        "content/courses/foto/index.id.md": "---\ntitle: Foto Produk\nsummary: S.\ncategory: pemasaran\n---\nIsi.\n",
        "content/courses/foto/index.en.md": "---\ntitle: Product Photos\nsummary: S.\nslug: product-photos\n---\nX\n",
        "content/courses/foto/.catatan": "catatan pribadi editor\n",
        "content/courses/foto/a.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        "content/courses/foto/materi/zz.pdf": b"%PDF-1.4 materi\n",
    })
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"pelatihan/foto/a.svg", "pelatihan/foto/materi/zz.pdf"} <= published
    hidden = [name for name in published if "/." in "/" + name and name != ".katalog-build"]  # but the marker
    assert not [name for name in published if name.endswith(".md")] and not hidden, published


def test_base_url_with_sub_path_prefixes_every_link(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out, "--base-url", "https://dinas.example.org/katalog/").code == 0
    page = read(out, "pelatihan/koperasi/index.html")
    assert 'href="/katalog/pelatihan/pemasaran/"' in page
    assert re.search(r'href="/katalog/static/css/site\.[0-9a-f]{10}\.css"', page)
    assert '<link rel="canonical" href="https://dinas.example.org/katalog/pelatihan/koperasi/">' in page
    assert "Sitemap: https://dinas.example.org/katalog/sitemap.xml" in read(out, "robots.txt")
    hrefs = re.findall(r'(?:href|src)="(/[^"]*)"', page)
    assert hrefs and all(h.startswith("/katalog/") for h in hrefs)
    search = read(out, "cari/index.html")
    assert 'data-pagefind="/katalog/pagefind/id/pagefind.js"' in search and 'data-base="/katalog/"' in search
    assert '{&#34;en&#34;: &#34;/katalog/pagefind/en/pagefind.js&#34;}' in search  # the other language's index
    assert (out / "pagefind/id/pagefind.js").is_file() and (out / "pagefind/en/pagefind.js").is_file()


def test_site_templates_and_static_override_the_projects_file_by_file(site: Path, tmp_path: Path) -> None:
    write_site(site, {
        "templates/page.html": '{% extends "base.html" %}{% block content %}<h1>CUSTOM {{ view.title }}</h1>'
                               '{% endblock %}',
        "static/css/site.css": "body { color: black; }\n",
    })
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert "<h1>CUSTOM Tentang Kami</h1>" in read(out, "tentang/index.html")
    css = list((out / "static/css").glob("site.*.css"))
    assert len(css) == 1 and css[0].read_text() == "body{color: black;}\n"  # compacted (assets.compact_css)
    assert (out / "static/js").is_dir()  # the project's other assets are still there


def test_course_json_ld(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = read(out, "en/courses/cooperative-management/index.html")
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    course = next(b for b in blocks if b["@type"] == "Course")
    assert course["name"] == "Cooperative Management"
    assert course["inLanguage"] == "en"
    assert course["provider"]["name"] == "Test Office"
    assert course["educationalLevel"] == "Beginner"
    assert course["url"] == "https://uji.example.org/en/courses/cooperative-management/"
    assert course["offers"]["priceCurrency"] == "IDR"
    catalogue = read(out, "pelatihan/index.html")
    item_list = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', catalogue, re.S).group(1))
    assert item_list["@type"] == "ItemList" and len(item_list["itemListElement"]) == 2


def test_404_page_is_bilingual_and_uses_absolute_paths(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = read(out, "404.html")
    assert "Halaman tidak ditemukan" in page and "Page not found" in page
    assert '<section lang="en" class="not-found">' in page
    assert 'class="notice' not in page
    assert "404" not in read(out, "sitemap.xml")


def test_builds_are_reproducible(site: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert build_site(site, first).code == 0
    assert build_site(site, second).code == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_course_image_from_the_bundle_or_static(site: Path, tmp_path: Path) -> None:
    write_site(site, {
        "content/courses/foto/index.id.md": "---\ntitle: Foto\nsummary: S.\ncategory: pemasaran\nimage: sampul.svg\n"
                                            "---\nIsi.\n",
        "content/courses/foto/index.en.md": "---\ntitle: Photos\nsummary: S.\nslug: photos\n---\nBody.\n",
        "content/courses/foto/sampul.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasaran\nimage: /img/p.svg\n---\n",
        "static/img/p.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })
    out = tmp_path / "out"
    result = build_site(site, out, "--strict")
    assert result.code == 0, result.err
    assert (out / "pelatihan/foto/sampul.svg").is_file()  # published once, beside the default language's page
    english = read(out, "en/courses/photos/index.html")  # the image is a shared fact: inherited
    assert '<img class="cover" src="/pelatihan/foto/sampul.svg" alt="" width="800" height="300">' in english
    # Shared, the page shows its own share image (a JPEG chat apps preview), not the SVG cover.
    assert '<meta property="og:image" content="https://uji.example.org/en/courses/photos/share.jpg">' in english
    assert '<img class="cover" src="/static/img/p.svg"' in read(out, "pelatihan/pemasaran/index.html")

    write_site(site, {"content/courses/foto/sampul.svg": None})
    result = build_site(site, out)
    assert "content/courses/foto/index.id.md:5: warning: image: 'sampul.svg' is neither a file" in result.err
    assert result.err.count("is neither a file") == 1  # not again for the English file that inherits it
    assert 'class="cover"' not in read(out, "pelatihan/foto/index.html")


def test_related_courses_prefer_the_same_category_then_shared_tags(site: Path, tmp_path: Path) -> None:
    def course(key: str, category: str, tags: str) -> dict[str, str]:
        return {f"content/courses/{key}.id.md": f"---\ntitle: {key.title()}\nsummary: S.\ncategory: {category}\n"
                                                f"tags: [{tags}]\n---\n"}

    write_site(site, {**course("a", "koperasi", "rat"), **course("b", "pemasaran", "koperasi, rat"),
                      **course("c", "pemasaran", "iklan")})
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = read(out, "pelatihan/koperasi/index.html")
    related = page[page.index('id="related"'):]
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', related)
    # Same category first (A), then the course sharing two tags (B); C shares nothing.
    assert titles == ["A", "B"]
