"""Driving the browser editor (Sveltia CMS) in Chromium as an editor does, by its labels.

"Work with Local Repository" asks the operating system for a folder (``showDirectoryPicker``),
which Playwright cannot answer. The page is handed a folder in the browser's own private file
system instead (OPFS): the test copies the site's files into it, the editor reads and saves
there through the same File System Access API, and the test copies what was saved back into
the site folder on disk, as the real picker's folder would have held it. Nothing else of the
editor is replaced.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Runs before the editor's code: the folder picker answers with a folder of the private file system.
PICK_PRIVATE_FOLDER = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return await root.getDirectoryHandle('site', {create: true});
};
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
SKIPPED = (".katalog-cache", "public", ".git")


@dataclass
class Watch:
    """What a page said and asked for while the editor ran."""

    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)  # requests to another host (refused)

    def violations(self, page: Page) -> list[str]:
        return page.evaluate("window.__cspViolations")


def watch(page: Page, origin: str) -> Watch:
    """Record console errors and refuse, and note, every request that leaves ``origin``."""
    seen = Watch()
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def route(request_route: object) -> None:
        request = request_route.request  # type: ignore[attr-defined]
        if request.url.startswith((origin, "blob:", "data:")):
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            seen.elsewhere.append(request.url)
            request_route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.add_init_script(PICK_PRIVATE_FOLDER)
    return seen


def put_site(page: Page, site: Path) -> None:
    """The site's files (and an empty .git, which marks a repository for the editor) into the
    private folder the picker will return."""
    files = {path.relative_to(site).as_posix(): base64.b64encode(path.read_bytes()).decode()
             for path in sorted(site.rglob("*")) if path.is_file() and path.relative_to(site).parts[0] not in SKIPPED}
    files[".git/HEAD"] = base64.b64encode(b"ref: refs/heads/main\n").decode()
    page.evaluate("""async (files) => {
      const root = await navigator.storage.getDirectory();
      try { await root.removeEntry('site', {recursive: true}); } catch (error) {}
      const site = await root.getDirectoryHandle('site', {create: true});
      for (const [path, data] of Object.entries(files)) {
        const parts = path.split('/');
        let folder = site;
        for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
        const writable = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
        await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
        await writable.close();
      }
    }""", files)


def saved_files(page: Page) -> dict[str, bytes]:
    """Every file in the private folder, as the editor left it (read again if the editor was
    replacing a file at that moment)."""
    for attempt in range(5):
        try:
            found = page.evaluate(_READ_FOLDER)
            break
        except PlaywrightError:
            if attempt == 4:
                raise
            page.wait_for_timeout(200)
    return {name: base64.b64decode(data) for name, data in found.items()}


_READ_FOLDER = """async () => {
  const out = {};
  async function walk(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      out[prefix + name] = btoa(text);
    }
  }
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('site'), '');
  return out;
}"""


def take_back(page: Page, site: Path) -> list[str]:
    """Write into ``site`` each file the editor saved or changed; returns their names."""
    changed = []
    for name, data in saved_files(page).items():
        if name.startswith(".git/"):
            continue
        target = site / name
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed.append(name)
    return sorted(changed)


def bidi(text: str) -> re.Pattern[str]:
    """An accessible name as the editor writes it: any word may be wrapped in invisible
    isolation marks (U+2068, U+2069)."""
    marks = "[\u2068\u2069]*"
    return re.compile("^" + marks + marks.join(re.escape(character) for character in text) + marks + "$")


def open_local(page: Page, url: str, site: Path) -> None:
    """The editor on the site's folder, as "Work with Local Repository" opens it."""
    page.goto(url)
    put_site(page, site)
    page.get_by_role("button", name="Work with Local Repository").click()
    expect(page.get_by_role("button", name="New")).to_be_visible(timeout=30_000)


def reopen(page: Page) -> None:
    """Reload the editor (its configuration is made anew by each rebuild); it signs in again with
    the folder it remembers, or asks for it."""
    page.reload()
    local = page.get_by_role("button", name="Work with Local Repository")
    signed_in = page.get_by_role("button", name="Show Account Menu")
    expect(local.or_(signed_in)).to_be_visible(timeout=30_000)
    if local.is_visible():
        local.click()
    expect(signed_in).to_be_visible(timeout=30_000)


def editor_pane(page: Page, language: str) -> Locator:
    """The form of one language (``Indonesian``, ``English``) of the entry being edited."""
    return page.get_by_role("group", name=bidi(f"Edit {language} Content"))


def field_group(scope: Locator | Page, label: str) -> Locator:
    """A field's group; an optional group of fields (``registration``) is added to the entry first."""
    group = reveal(scope, scope.get_by_role("group", name=bidi(f"“{label}” Field")))
    add = group.get_by_role("checkbox", name=bidi(f"Add {label}"))
    if add.count() and not add.is_checked():
        add.check()
    return group


def reveal(scope: Locator | Page, wanted: Locator, seconds: float = 20) -> Locator:
    """``wanted``, once the form has drawn it: the editor draws a long form's fields as they
    are scrolled to, so the form is scrolled on until it appears."""
    page = scope.page if isinstance(scope, Locator) else scope
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if wanted.count():
            return wanted
        groups = scope.get_by_role("group")
        if groups.count():
            groups.last.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(150)
    return wanted


def typed(scope: Locator, role: str, label: str) -> Locator:
    """The input of ``role`` labelled ``label`` in ``scope``, drawn if it was not yet."""
    return reveal(scope, scope.get_by_role(role, name=label, exact=True))  # type: ignore[arg-type]


def choose(page: Page, scope: Locator | Page, label: str, option: str) -> None:
    """Pick ``option`` (its shown text, in part) in the choice labelled ``label``: a row of radio
    buttons when there are few choices, a drop-down list otherwise (one or several values)."""
    named = re.compile(re.escape(option))
    radios = scope.get_by_role("radiogroup", name=label, exact=True)
    boxes = scope.get_by_role("combobox", name=label, exact=True)
    reveal(scope, radios.or_(boxes))
    if radios.count():
        radios.first.get_by_role("radio", name=named).check()
        return
    group = field_group(scope, label).first
    wanted = page.get_by_role("option", name=named).first
    for _ in range(5):  # a click while the form still moves may miss: open the list until the pick shows
        box = group.get_by_role("combobox").first
        box.evaluate("element => element.scrollIntoView({block: 'center'})")  # room below for its list
        try:
            if box.get_attribute("aria-expanded") != "true":  # a list left open by a missed pick: pick in it
                box.click(timeout=5000)
            wanted.wait_for(state="visible", timeout=3000)
            page.wait_for_timeout(200)  # the list settles before the click lands
            wanted.click(timeout=3000)
        except PlaywrightTimeout:
            pass
        shown = box.input_value() if box.evaluate("element => element.tagName") == "INPUT" else box.inner_text()
        if named.search(group.inner_text()) or named.search(shown):
            if page.get_by_role("listbox").count():  # a list of several values stays open
                group.get_by_text(label, exact=True).first.click()  # (Escape would close the whole entry)
            return
    offered = page.get_by_role("option").all_inner_texts()
    raise AssertionError(f"could not pick {option!r} in {label!r}; offered: {offered}")


def add_list_item(page: Page, button: str, first_field: str) -> Locator:
    """Add an item to a list (``Add Angkatan``) and return the new item's fields. The item is
    pinned by a mark on its element: a locator by position would move on to another item as the
    editor draws the collapsed ones."""
    page.get_by_role("button", name=bidi(f"Add {button}")).click()
    boxes = page.get_by_role("textbox", name=first_field, exact=True)
    for _ in range(300):  # 30 s: a loaded machine draws a long list slowly
        empty = [box for box in boxes.all() if box.is_visible() and box.input_value() == ""]
        if empty:
            page.wait_for_timeout(500)  # the editor moves focus into the new item and scrolls to it
            empty[-1].evaluate("element => element.closest('[role=group]').parentElement.dataset.testItem = 'new'")
            return page.locator("[data-test-item='new']")
        page.wait_for_timeout(100)
    raise AssertionError(f"no new item with an empty {first_field!r} appeared")


def fill_and_keep(box: Locator, text: str) -> None:
    """Type into a text box of a form just opened and see the text stay: a new entry's form, still
    setting itself up on a loaded machine, once emptied the first field typed into (the Save then
    failed with "This field is required.")."""
    for _ in range(5):
        box.fill(text)
        box.page.wait_for_timeout(300)
        if box.input_value() == text:
            return
    raise AssertionError(f"the form kept emptying a field after {text!r} was typed")


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def save_and_leave(page: Page, picture_to: Path, timeout_ms: int = 60_000) -> None:
    """Save a new entry and wait for the editor to go back to the list. When it stays on the form,
    say why: the fields it marks invalid, its alerts, and a picture of the screen."""
    save(page)
    _wait_or_say_why(page, page.get_by_role("button", name="New"), picture_to, timeout_ms)


def save_and_confirm(page: Page, picture_to: Path, timeout_ms: int = 60_000) -> None:
    """Save an entry and wait for the editor's "Entry saved." (or say why not, as above)."""
    save(page)
    _wait_or_say_why(page, page.get_by_text("Entry saved."), picture_to, timeout_ms)


def _wait_or_say_why(page: Page, sign: Locator, picture_to: Path, timeout_ms: int) -> None:
    for _ in range(timeout_ms // 250):
        if sign.first.is_visible():
            return
        page.wait_for_timeout(250)
    picture_to.parent.mkdir(exist_ok=True)
    page.screenshot(path=picture_to)
    # Sveltia marks a language holding an invalid field "English (error)", and writes each field's
    # message into the element its aria-errormessage names.
    found = page.evaluate("""() => ({
        panes: [...new Set([...document.querySelectorAll('[aria-label$="(error)"]')].map(e => e.ariaLabel))],
        messages: [...document.querySelectorAll('[id$="-error"]')].map(e => e.innerText.trim()).filter(Boolean),
    })""")
    alerts = [text for text in page.get_by_role("alert").all_inner_texts() if text.strip()]
    raise AssertionError(f"the editor stayed on the form after Save; in error: {found['panes']}; messages: "
                         f"{found['messages']}; alerts: {alerts}; picture: {picture_to}")
