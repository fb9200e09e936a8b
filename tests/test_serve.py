"""`serve`: the preview an editor works in, tried as an editor does: a real server on loopback,
a real Chromium with the pages' Content-Security-Policy in force, files saved on disk.

Nothing is mocked: the browser reloads by itself through the LiveReload client loaded from the
preview's origin, or the test fails.
"""

from __future__ import annotations

import re
import signal
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from preview_process import Preview, fetch, serving, start, stop, wait_for
from sitefactory import PROJECT, build_site, replaced, write_site

COURSE = "content/courses/koperasi.id.md"
SCHEDULE = "content/schedules/2026.yaml"
NOW = "2026-06-15T09:00:00+07:00"


@pytest.fixture
def preview(site: Path, tmp_path: Path) -> Iterator[Preview]:
    with serving(site, tmp_path) as preview:
        yield preview


def test_an_open_page_shows_a_saved_edit_by_itself(preview: Preview, site: Path, browser: Browser) -> None:
    """Saved in the editor, shown in the browser: no reload by the test, no console error
    (a blocked inline script would be one), under the same CSP as the published site."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    frames: list[str] = []  # what the live-reload server said to the page
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: frames.append(str(frame))))
    page.goto(preview.url + "pelatihan/koperasi/")
    expect(page.locator("h1")).to_have_text("Manajemen Koperasi")
    assert "Content-Security-Policy" in page.content()
    for _ in range(150):  # the client has connected once the server greeted it
        if any('"hello"' in frame for frame in frames):
            break
        page.wait_for_timeout(100)
    assert any('"hello"' in frame for frame in frames), frames
    write_site(site, replaced(COURSE, "Isi pelatihan.", "Isi pelatihan yang baru saja disunting."))
    expect(page.locator("main")).to_contain_text("yang baru saja disunting", timeout=15_000)
    write_site(site, replaced(COURSE, "title: Manajemen Koperasi", "title: Koperasi Modern"))
    expect(page.locator("h1")).to_have_text("Koperasi Modern", timeout=15_000)
    assert errors == []
    context.close()


def test_a_page_whose_client_connects_after_a_save_still_shows_it(preview: Preview, site: Path,
                                                                  browser: Browser) -> None:
    """Two quick saves: the page reloaded for the first is still loading its live-reload client
    when the second is rebuilt. That page must reload once its client connects, not wait for a
    third save. Here the client is held back until the rebuild is done, then let in."""
    context = browser.new_context()
    page = context.new_page()
    client = re.compile(r".*/livereload\.js.*")
    page.route(client, lambda route: route.abort())
    page.goto(preview.url + "pelatihan/koperasi/")
    expect(page.locator("h1")).to_have_text("Manajemen Koperasi")
    write_site(site, replaced(COURSE, "title: Manajemen Koperasi", "title: Koperasi Modern"))
    # Another address tells when the rebuild is done; fetching this page's own would make it current.
    assert wait_for(lambda: "Koperasi Modern" in fetch(preview.url + "pelatihan/")[1])
    page.unroute(client)
    page.add_script_tag(url=f"{preview.url}livereload.js?port={preview.url.rsplit(':', 1)[1].strip('/')}")
    expect(page.locator("h1")).to_have_text("Koperasi Modern", timeout=15_000)
    context.close()


def test_a_broken_file_is_shown_at_every_address_and_the_page_comes_back(preview: Preview, site: Path,
                                                                         browser: Browser) -> None:
    page = browser.new_page()
    page.goto(preview.url + "en/courses/cooperative-management/")
    expect(page.locator("h1")).to_have_text("Cooperative Management")
    page.wait_for_timeout(500)
    write_site(site, replaced(SCHEDULE, "fee: 1500000", "fee: 1.500.000"))
    expect(page.locator("h1")).to_have_text("The site could not be built", timeout=15_000)
    for address in ("", "pelatihan/", "jadwal/jadwal.ics", "tidak/ada/"):
        status, text = fetch(preview.url + address)
        assert status == 500 and "2026.yaml:10: kop-1.fee:" in text, address
    write_site(site)  # fixed
    expect(page.locator("h1")).to_have_text("Cooperative Management", timeout=15_000)  # the same page again
    page.close()


def test_started_on_a_broken_site_it_comes_back_when_fixed(site: Path, tmp_path: Path) -> None:
    write_site(site, replaced(COURSE, "category: koperasi", "category: koprasi"))
    running = start(site, tmp_path)
    try:
        status, text = fetch(running.url + "pelatihan/koperasi/")
        assert status == 500 and "koperasi.id.md:4: category: &#x27;koprasi&#x27;" in text
        assert fetch(running.url + "anything/at/all")[0] == 500
        write_site(site)
        assert wait_for(lambda: fetch(running.url + "pelatihan/koperasi/")[0] == 200)
        assert "<h1>Manajemen Koperasi</h1>" in fetch(running.url + "pelatihan/koperasi/")[1]
    finally:
        out = stop(running)
    assert "the site cannot be built: 1 error; the preview shows it at every address" in out


def test_a_missing_address_gets_the_sites_404_page(preview: Preview) -> None:
    status, text = fetch(preview.url + "pelatihan/tidak-ada/")
    assert status == 404
    assert "Halaman tidak ditemukan" in text and "Page not found" in text
    assert fetch(preview.url + "pelatihan")[1] == fetch(preview.url + "pelatihan/")[1]  # redirected


def test_share_images_are_served_as_their_pages_name_them(preview: Preview) -> None:
    page = fetch(preview.url + "pelatihan/koperasi/")[1]
    image = re.search(r'<meta property="og:image" content="https?://[^/]+/([^"]+)"', page)
    assert image and image.group(1).endswith("share.jpg"), page[:2000]
    with urllib.request.urlopen(preview.url + image.group(1), timeout=30) as response:
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.read()[:3] == b"\xff\xd8\xff"  # a JPEG
    assert fetch(preview.url + "pelatihan/tidak-ada/share.jpg")[0] == 404


def test_drafts_are_shown_and_marked(site: Path, tmp_path: Path) -> None:
    write_site(site, replaced(COURSE, "tags: [koperasi, RAT]", "tags: [koperasi, RAT]\ndraft: true"))
    running = start(site, tmp_path)
    try:
        status, text = fetch(running.url + "pelatihan/koperasi/")
        assert status == 200 and "Draf: halaman ini belum diterbitkan" in text
        assert "Draf</p>" in fetch(running.url + "pelatihan/")[1]
    finally:
        stop(running)


def test_warnings_show_in_a_bar(site: Path, tmp_path: Path) -> None:
    write_site(site, replaced(COURSE, "level: beginner", "levle: beginner"))
    running = start(site, tmp_path)
    try:
        text = fetch(running.url + "pelatihan/koperasi/")[1]
        assert 'class="katalog-preview"' in text and "levle: is not a known field" in text
    finally:
        stop(running)


def test_an_address_written_in_markdown_that_leads_nowhere_is_a_warning_as_in_a_build(site: Path,
                                                                                      tmp_path: Path) -> None:
    write_site(site, replaced(COURSE, "Isi pelatihan.", "Isi pelatihan. [Arsip](/jadwal-lama/), "
                                                        "[kalender](/jadwal/jadwal.ics), [tentang](/tentang/)."))
    running = start(site, tmp_path)
    try:
        text = fetch(running.url + "pelatihan/koperasi/")[1]
        assert 'class="katalog-preview"' in text and "1 warning:" in text, text[-3000:]
        assert "koperasi.id.md:13: warning: body: links to &#x27;/jadwal-lama/&#x27;, which is not part of the site" \
            in text
    finally:
        stop(running)
    built = build_site(site, tmp_path / "out")  # the build says the same, once
    assert built.err.count("warning") == 1 and "koperasi.id.md:13: warning: body: links to '/jadwal-lama/'" \
        in built.err, built.err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_leaves_nothing_behind(signum: int, site: Path, tmp_path: Path) -> None:
    running = start(site, tmp_path)
    assert fetch(running.url + "pagefind/id/pagefind.js")[0] == 200  # the search index, made in a scratch folder
    out = stop(running, signum)
    assert "preview stopped" in out and "Traceback" not in out
    assert list(running.scratch.iterdir()) == []
    assert not (site / "public").exists()


def test_statuses_follow_the_clock_without_a_save(site: Path, tmp_path: Path) -> None:
    """On the real clock, a session that starts in the next minute turns "running" in the
    preview by itself: the preview rebuilds when a status would change."""
    wib = timezone(timedelta(hours=7))
    start_at = (datetime.now(wib) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    if (start_at - datetime.now(wib)).total_seconds() < 10:
        start_at += timedelta(minutes=1)
    write_site(site, {SCHEDULE: f"""\
        sessions:
          - id: segera
            course: koperasi
            start: {start_at:%Y-%m-%d %H:%M}
            end: {start_at + timedelta(hours=2):%Y-%m-%d %H:%M}
            mode: online
            online_platform: Zoom
            fee: 0
        """})
    running = start(site, tmp_path, now=None)
    try:
        page = running.url + "pelatihan/koperasi/"
        assert 'data-session-id="segera" data-status="open"' in fetch(page)[1]
        assert wait_for(lambda: 'data-session-id="segera" data-status="running"' in fetch(page)[1], seconds=100)
    finally:
        stop(running)


def test_a_template_edit_is_shown_without_reading_the_content_again(site: Path) -> None:
    """The preview keeps the site model while the files it is read from are unchanged and the
    clock has reached no change of status (serve.Kept): a template edit is shown without the
    content being read or assembled again, with the warnings it gave; a content edit, or the
    clock reaching a change of status, assembles it anew. (In process: what is reused is seen.)"""
    from katalog.serve import Preview as InProcess

    write_site(site, replaced(COURSE, "level: beginner", "levle: beginner"))
    preview = InProcess(site, "http://127.0.0.1:8000/", now=datetime.fromisoformat(NOW))
    try:
        preview.rebuild()
        assert preview.state.model is not None
        first = preview.state.model.site

        def shown() -> str:
            return preview.respond("/pelatihan/koperasi/").body.decode()

        template = (PROJECT / "templates/course.html").read_text(encoding="utf-8")
        (site / "templates").mkdir(exist_ok=True)
        (site / "templates/course.html").write_text(template.replace("<h1>", "<h1 data-edited>", 1), encoding="utf-8")
        preview.rebuild()
        assert preview.state.model.site is first and "<h1 data-edited>" in shown()
        assert any("levle: is not a known field" in str(warning) for warning in preview.state.warnings)
        course = site / COURSE
        course.write_text(course.read_text(encoding="utf-8").replace("Isi pelatihan.", "Isi pelatihan baru."),
                          encoding="utf-8")
        preview.rebuild()
        second = preview.state.model.site
        assert second is not first and "Isi pelatihan baru." in shown()
        assert preview.state.stable_until is not None
        preview.now = preview.state.stable_until  # a session's status changes at this moment
        preview.rebuild()
        assert preview.state.model.site is not second and preview.state.model.site.now == preview.now
    finally:
        preview.close()


def test_what_a_rebuild_made_is_out_of_the_collectors_sight_and_what_it_replaced_is_let_go(site: Path) -> None:
    """After a rebuild no collection walks the model while pages are made for the browser: what
    the rebuild made is frozen (gc.freeze); the state it replaced is freed at once, by reference
    counting (no plan, view or site holds itself in a cycle), and cyclic garbage left among the
    frozen objects is collected when the preview has been idle (Preview.collect_garbage). Without
    this, a collection walked the model's million objects in every other save at 2,500 courses,
    0.15-0.45 s between the save and the screen, and the plans shown before piled up."""
    import gc
    import weakref

    from katalog.serve import Preview as InProcess

    class Cycle:
        me: object = None

    preview = InProcess(site, "http://127.0.0.1:8000/", now=datetime.fromisoformat(NOW))
    collecting = gc.isenabled()
    try:
        preview.rebuild()
        assert preview.state.model is not None and preview.state.plan is not None
        tracked = {id(found) for found in gc.get_objects()}  # what a collection walks
        assert id(preview.state.model.site) not in tracked and id(preview.state.plan) not in tracked
        plan, views, site_model = (weakref.ref(preview.state.plan), weakref.ref(preview.state.model.views),
                                   weakref.ref(preview.state.model.site))
        garbage = Cycle()
        garbage.me = garbage
        left = weakref.ref(garbage)
        del garbage, tracked
        gc.disable()  # freed by reference counting alone, or not at all
        # A schedule saved: a new plan, every output of it made from the new site (a text saved
        # keeps the feeds, calendars and share images of the plan shown, and what they are made from).
        schedule = site / SCHEDULE
        schedule.write_text(schedule.read_text(encoding="utf-8").replace("seats_taken: 10", "seats_taken: 11"),
                            encoding="utf-8")
        preview.rebuild()
        assert preview.state.model is not None and preview.state.model_from == "rescheduled"
        assert "11" in preview.respond("/pelatihan/koperasi/").body.decode()
        assert plan() is None and views() is None and site_model() is None
        gc.enable()
        gc.collect()
        assert left() is not None  # frozen by the rebuild: no collection reaches it
        assert not preview.collect_garbage(idle=60)  # not idle yet
        assert preview.collect_garbage(idle=0) and left() is None
        assert not preview.collect_garbage(idle=0)  # once after each rebuild
    finally:
        if collecting:
            gc.enable()
        preview.close()
        gc.unfreeze()


def test_the_lists_views_kept_by_the_preview_outlast_rebuilds_that_show_no_list(site: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue shown, then two saves of a session's seats each shown on its course's page,
    then the catalogue again: of its cards only the saved session's course's is made again, the
    others are the ones kept when it was first shown (a rebuild that put nothing into a store in
    memory leaves it whole, as a build leaves its file: cache.Store.next_build). (In process:
    what is made is seen.)"""
    from katalog import views
    from katalog.serve import Preview as InProcess

    made: list[str] = []  # the idents of the list views made, not kept: a course's key, a session's id
    kept_views = views.KeptViews.get

    def spy(self: views.KeptViews, kind: str, course: Any, lang: str, ident: str, make: Any) -> Any:
        return kept_views(self, kind, course, lang, ident, lambda: (made.append(ident), make())[1])

    monkeypatch.setattr(views.KeptViews, "get", spy)
    catalogue = views.Views.catalogue
    listed: list[str] = []  # the languages whose catalogue's view was made
    monkeypatch.setattr(views.Views, "catalogue", lambda self, lang: (listed.append(lang), catalogue(self, lang))[1])
    preview = InProcess(site, "http://127.0.0.1:8000/", now=datetime.fromisoformat(NOW))
    try:
        preview.rebuild()
        preview.respond("/pelatihan/")
        assert {"koperasi", "pemasaran"} <= set(made)
        schedule = site / SCHEDULE
        for seats in (11, 12):
            schedule.write_text(re.sub(r"seats_taken: \d+", f"seats_taken: {seats}",
                                       schedule.read_text(encoding="utf-8")), encoding="utf-8")
            preview.rebuild()
            assert preview.state.model_from == "rescheduled"
            assert f"{30 - seats}" in preview.respond("/pelatihan/koperasi/").body.decode()
        made.clear()
        listed.clear()
        assert "pemasaran" in preview.respond("/pelatihan/").body.decode()
        # Made again for the new schedule, of views kept but the saved course's (made for its page).
        assert listed == ["id"] and set(made) <= {"koperasi", "kop-1"}
    finally:
        preview.close()


def test_a_folder_of_templates_made_while_the_preview_runs_is_watched(preview: Preview, site: Path) -> None:
    """A site starts without templates/ of its own; an editor makes one to change a page's
    layout while the preview runs: the new folder is watched from then on, and its template used
    (before, only the folders there at the start were watched, so nothing happened)."""
    page = preview.url + "pelatihan/koperasi/"
    assert not (site / "templates").exists() and "data-edited" not in fetch(page)[1]
    template = (PROJECT / "templates/course.html").read_text(encoding="utf-8")
    (site / "templates").mkdir()
    (site / "templates/course.html").write_text(template.replace("<h1>", "<h1 data-edited>", 1), encoding="utf-8")
    assert wait_for(lambda: "<h1 data-edited>" in fetch(page)[1])
    (site / "templates/course.html").write_text(template.replace("<h1>", "<h1 data-edited-again>", 1),
                                                encoding="utf-8")
    assert wait_for(lambda: "<h1 data-edited-again>" in fetch(page)[1])


def test_a_saved_text_patches_the_kept_model_and_shows_what_assembling_anew_would(tmp_path: Path) -> None:
    """A save that changes only the text of courses or pages is shown by patching the kept model
    (serve.Kept.patched, assemble.patch_texts), not by reading and assembling the whole site:
    the preview's save-to-screen time follows the size of the change, and so does its plan of
    outputs (the feeds, calendars, sitemap and share images are taken from the plan shown). Every
    output at every address, the warnings and the problems are then what a preview started
    afresh on the same files shows; an edit that is more than text (a title, a new warning, an
    example line left from `new course`, a file added) is assembled anew. A schedule saved puts
    its sessions anew into the kept model ("rescheduled", assemble.patch_sessions), checked
    against the rest of the site as it stands: a mistake or a warning come or gone assembles
    anew. The patched model itself equals the one assembled afresh. (In process: what is reused
    is seen.)"""
    import shutil

    from katalog.serve import Preview as InProcess

    site = tmp_path / "site"
    shutil.copytree(PROJECT / "content", site / "content")
    shutil.copy(PROJECT / "site_config.yaml", site / "site_config.yaml")
    now = datetime.fromisoformat(NOW)
    preview = InProcess(site, "http://127.0.0.1:8000/", now=now)

    def everything(shown: InProcess) -> dict[str, tuple[int, bytes]]:
        assert shown.state.plan is not None
        return {url: (found.status, found.body) for url in shown.state.plan.targets
                for found in [shown.respond(url)]}

    def edit(name: str, old: str, new: str) -> None:
        path = site / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    koperasi, about = "content/courses/manajemen-koperasi.id.md", "content/pages/tentang.id.md"
    s2026, s2027 = "content/schedules/2026.yaml", "content/schedules/2027.yaml"
    added = ("  - id: baru-1\n    course: manajemen-koperasi\n    start: 2026-09-01 08:00\n    end: 2026-09-02 16:00\n"
             "    mode: offline\n    venue: upt-malang\n    fee: 0\n"
             "    registration: {opens: 2026-06-01, closes: 2026-08-25, url: https://example.org/daftar/baru}\n")
    bundle = "content/courses/foto-produk-ponsel/index.en.md"
    course_template = (PROJECT / "templates/course.html").read_text(encoding="utf-8").replace("<h1>",
                                                                                             "<h1 data-edited>", 1)
    saves = [
        ("a course's text", [(koperasi, "\n\n", "\n\nParagraf baru tentang RAT.\n\n")], "patched"),
        ("a page's text", [(about, "\n\n", "\n\nKantor kami buka Senin sampai Jumat.\n\n")], "patched"),
        ("a link to another course's file, in both languages",
         [(koperasi, "\n\n", "\n\nLihat [pembukuan](pembukuan-umkm.id.md).\n\n"),
          ("content/courses/manajemen-koperasi.en.md", "\n\n", "\n\nSee [bookkeeping](pembukuan-umkm.en.md).\n\n")],
         "patched"),
        ("a bundle's own picture shown in its text", [(bundle, "\n\n", "\n\n![Cover](sampul.svg)\n\n")], "patched"),
        ("a link to nowhere: a new warning", [(koperasi, "\n\n", "\n\nLihat [ini](tidak-ada.id.md).\n\n")],
         "assembled"),
        ("more text beside the same warning", [(koperasi, "Paragraf baru", "Paragraf yang diubah")], "patched"),
        ("the link mended: the warning gone", [(koperasi, "tidak-ada.id.md", "pembukuan-umkm.id.md")], "assembled"),
        ("a title", [(koperasi, "title: ", "title: Dasar ")], "assembled"),
        ("an example line of `new course` left in the text: an error",
         [(koperasi, "\n\n", "\n\nTuliskan pengantar pelatihan di sini.\n\n")], "assembled"),
        # Patched from the last good model: to it, only the text changed.
        ("the example line taken out", [(koperasi, "Tuliskan pengantar pelatihan di sini.", "Pengantar.")],
         "patched"),
        ("text again after the mistake", [(koperasi, "Pengantar.", "Pengantar singkat.")], "patched"),
        ("a file beside the courses", [("content/courses/catatan.txt", "", "catatan\n")], "assembled"),
        ("a template of the site's own", [("templates/course.html", "", course_template)], "kept"),
        ("a template and a text at once", [("templates/course.html", "<h1 data-edited>", "<h1 data-edited-again>"),
                                           (koperasi, "Pengantar singkat.", "Pengantar.")], "patched"),
        ("the template again: the patched model kept as it is",
         [("templates/course.html", "<h1 data-edited-again>", "<h1 data-edited-thrice>")], "kept"),
        # Schedules: the sessions of the file saved put anew into the kept model (assemble.patch_sessions).
        ("a session's seats", [(s2027, "seats_taken: 21", "seats_taken: 22")], "rescheduled"),
        ("a session moved to another course: both courses' pages, cards, calendars and related courses",
         [(s2027, "course: penyusunan-rat-koperasi", "course: tata-kelola-pengawasan-koperasi")], "rescheduled"),
        ("a course's only session moved to another: the course left with none",
         [(s2027, "eropa-2027-01\n    course: ekspor-kerajinan-eropa",
           "eropa-2027-01\n    course: konten-media-sosial-iklan")], "rescheduled"),
        ("a session added", [(s2027, "sessions:\n", "sessions:\n" + added)], "rescheduled"),
        ("a session in a zone no session had (WIT)",
         [(s2027, "sessions:\n", "sessions:\n" + added.replace("baru-1", "papua-1").replace(
             "    mode: offline", "    timezone: Asia/Jayapura\n    mode: offline"))], "rescheduled"),
        ("its seats: the model made under that zone kept",
         [(s2027, "id: papua-1\n", "id: papua-1\n    seats_taken: 3\n")], "rescheduled"),
        ("a session called off",
         [(s2026, "status: scheduled", "status: cancelled\n    note: {id: Ditunda., en: Off.}")], "rescheduled"),
        ("a venue that does not exist: an error", [(s2027, "venue: upt-malang", "venue: upt-malangg")], "assembled"),
        # Mended otherwise than it was (mended as it was, the last good model is kept as it is).
        ("the venue mended", [(s2027, "venue: upt-malangg", "venue: labkop-malang")], "rescheduled"),
        ("an id of the other schedule: an error", [(s2027, "id: koperasi-2027-01", "id: koperasi-2026-01")],
         "assembled"),
        ("the id mended", [(s2027, "id: koperasi-2026-01", "id: koperasi-2027-09")], "rescheduled"),
        ("an online session of an offline course: an error",
         [(s2027, "halal-2027-01\n    course: pariwisata-halal-homestay",
           "halal-2027-01\n    course: manajemen-koperasi")], "assembled"),
        ("the course mended", [(s2027, "halal-2027-01\n    course: manajemen-koperasi",
                                "halal-2027-01\n    course: ekspor-kerajinan-eropa")], "rescheduled"),
        ("a session and a text at once", [(s2027, "seats_taken: 22", "seats_taken: 23"),
                                          (koperasi, "Pengantar.", "Pengantar.\n\nJadwal baru.")], "rescheduled"),
        ("a schedule file added", [("content/schedules/2028.yaml", "", "sessions: []\n")], "assembled"),
        ("the new schedule's first session", [("content/schedules/2028.yaml", "sessions: []\n",
                                               "sessions:\n" + added.replace("baru-1", "baru-2"))], "rescheduled"),
        ("a schedule emptied: a warning", [("content/schedules/2028.yaml", None, "# Belum ada angkatan.\n")],
         "assembled"),
        ("the schedule's comment edited: the same warning", [("content/schedules/2028.yaml", "Belum", "Kelak")],
         "rescheduled"),
        ("a session in it again: the warning gone", [("content/schedules/2028.yaml", None,
                                                       "sessions:\n" + added.replace("baru-1", "baru-3"))],
         "assembled"),
        ("a text and a picture beside a bundle's pages at once",
         [(koperasi, "Pengantar.", "Pengantar lagi."),
          ("content/courses/foto-produk-ponsel/kedua.svg", "", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')],
         "assembled"),
    ]
    try:
        preview.rebuild()
        assert preview.state.model_from == "assembled"
        for what, changes, expected in saves:
            for name, old, new in changes:  # old None: the file written whole
                if old is not None and (site / name).exists():
                    edit(name, old, new)
                else:
                    (site / name).parent.mkdir(exist_ok=True)
                    (site / name).write_text(new, encoding="utf-8")
            preview.rebuild()
            assert preview.state.model_from == expected, what
            fresh = InProcess(site, "http://127.0.0.1:8000/", now=now)
            try:
                fresh.rebuild()
                assert (preview.state.problems, preview.state.warnings) == (fresh.state.problems,
                                                                            fresh.state.warnings), what
                if preview.state.plan is None:
                    assert fresh.state.plan is None and preview.state.problems, what
                    continue
                assert everything(preview) == everything(fresh), what
                # The model itself, patched, is the one assembled afresh (related courses included).
                assert preview.kept is not None and fresh.kept is not None
                patched, anew = preview.kept.read.site, fresh.kept.read.site
                assert (patched.courses, patched.sessions, patched.pages) == (anew.courses, anew.sessions,
                                                                              anew.pages), what
            finally:
                fresh.close()
    finally:
        preview.close()
