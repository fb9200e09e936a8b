"""Markdown bodies to safe HTML: Python-Markdown, source-file links made into URLs, nh3.

A link written to a source file (``pemasaran-digital.id.md``, ``../pages/tentang.id.md``)
becomes the URL of the page built from it; a link to a file that does not exist is a
warning naming the line. Raw HTML is cleaned by nh3 (no scripts, no ``on*`` attributes,
no ``javascript:`` URLs).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from . import parallel
from .cache import Store, digest
from .errors import Problem, Problems
from .messages import msg
from .model import Body, Source

# Tags and attributes kept in Markdown bodies; obsolete HTML (center, align=…) is left out
# so that pages stay valid HTML5.
ALLOWED_TAGS = nh3.ALLOWED_TAGS - {"center", "strike", "tt", "acronym", "map", "area"}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"alt", "src", "height", "width", "loading"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start"},
    "blockquote": {"cite"},
    "time": {"datetime"},
    "abbr": {"title"},
}
UNSAFE = re.compile(r"<\s*script|javascript\s*:|\son[a-z]+\s*=|<\s*iframe|<\s*style", re.IGNORECASE)

LinkResolver = Callable[[Path], str | None]


@dataclass
class _Target:
    """What the link rewriter needs to know about the document being converted."""

    source: Source | None = None
    resolve: LinkResolver | None = None
    asset_url: Callable[[Path], str | None] | None = None
    broken: list[tuple[str, str | None]] = field(default_factory=list)  # (as written, what was meant)
    written: list[tuple[str, str]] = field(default_factory=list)  # (as written, as in the HTML)
    # Every file looked up and what it was found to be: the body is valid as long as each
    # lookup still gives the same answer (this is what the cache checks).
    lookups: list[tuple[str, str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    """A body and what rendering it said and looked up: everything needed to reuse it."""

    body: Body
    problems: tuple[Problem, ...]
    lookups: tuple[tuple[str, str, str | None], ...]


class _HeadingLeveller(Treeprocessor):
    """Shift headings so the body's highest one sits right under the page's own heading:
    whatever levels an editor picked, the page outline never skips a level."""

    def __init__(self, md: markdown.Markdown, top: int) -> None:
        super().__init__(md)
        self.top = top

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        if not headings:
            return
        shift = self.top - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{min(max(int(element.tag[1]) + shift, 1), 6)}"


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, target: _Target) -> None:
        super().__init__(md)
        self.target = target

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute):
                written = element.get(attribute, "")
                element.set(attribute, self.rewrite(written))
                self.target.written.append((written, element.get(attribute, "")))
            if element.tag == "img" and not element.get("loading"):
                element.set("loading", "lazy")

    def rewrite(self, href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or href.startswith("/"):
            return href
        source, target = self.target.source, self.target
        if source is None or target.resolve is None:
            return href
        # Resolve against the source file's folder, never leaving the content folder by text tricks.
        wanted = Path(posixpath.normpath((source.path.parent / parts.path).as_posix()))
        if parts.path.endswith(".md"):
            url = target.resolve(wanted)
            target.lookups.append(("page", wanted.as_posix(), url))
        else:
            url = target.asset_url(wanted) if target.asset_url else None
            target.lookups.append(("asset", wanted.as_posix(), url))
        if url is None:
            target.broken.append((href, self.meant(parts.path, wanted)))
            return href
        return url + (f"#{parts.fragment}" if parts.fragment else "")

    def meant(self, written: str, wanted: Path) -> str | None:
        """For a link that leads nowhere, the link to the page of that name in this file's
        language, when there is one: `koperasi.md` or `koperasi` for `koperasi.id.md`."""
        source, target = self.target.source, self.target
        assert source is not None and target.resolve is not None
        name = wanted.name.removesuffix(".md")
        if name.endswith(f".{source.lang}"):
            return None
        candidate = wanted.with_name(f"{name}.{source.lang}.md")
        url = target.resolve(candidate)
        target.lookups.append(("page", candidate.as_posix(), url))  # the message depends on it too
        if url is None:
            return None
        folder = written.rsplit("/", 1)[0] + "/" if "/" in written else ""
        return folder + candidate.name


_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
_FENCE = re.compile(r"^ *(```|~~~)")


def even_list_indents(text: str) -> str:
    """Nested lists at two spaces a level, however deep they were written: two spaces as on
    GitHub, four as most editors (and the browser editor) write them, three under "1. ". A list
    item is nested in the nearest item above it written further left; lines that continue an
    item move with it. Fenced code is left as it is."""
    lines, fenced, shift = text.split("\n"), False, 0
    open_items: list[int] = []  # the indents of the list items open above the line
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if item is None:
            if indent == 0:
                open_items, shift = [], 0  # a paragraph at the margin ends the lists above it
            elif shift:
                lines[number] = line[min(shift, indent):]
            continue
        while open_items and open_items[-1] >= indent:
            open_items.pop()
        shift = indent - 2 * len(open_items)
        lines[number] = line[shift:] if shift > 0 else line
        open_items.append(indent)
    return "\n".join(lines)


class MarkdownRenderer:
    """One Python-Markdown instance reused for every body of a build."""

    def __init__(self, sanitize: bool = True, top_heading_level: int = 2) -> None:
        self.sanitize = sanitize
        self.target = _Target()
        self.md = markdown.Markdown(
            extensions=["tables", "toc", "fenced_code", "sane_lists", "mdx_truly_sane_lists", "attr_list", "abbr"],
            extension_configs={
                "toc": {"permalink": False},
                # Nested lists indented by two spaces, as editors know them from GitHub.
                "mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": True},
            },
            output_format="html",
        )
        self.md.treeprocessors.register(_LinkRewriter(self.md, self.target), "katalog_links", 1)
        # Before the toc extension (priority 5) reads the headings.
        self.md.treeprocessors.register(_HeadingLeveller(self.md, top_heading_level), "katalog_headings", 6)

    def render(self, source: Source, resolve: LinkResolver, asset_url: Callable[[Path], str | None],
               problems: Problems) -> Body:
        self.target.source, self.target.resolve, self.target.asset_url = source, resolve, asset_url
        self.target.broken, self.target.written, self.target.lookups = [], [], []
        self.md.reset()
        html = self.md.convert(even_list_indents(source.body))
        for href, meant in self.target.broken:
            said = (msg("links to '{href}', which does not exist; did you mean '{meant}'?", href=href, meant=meant)
                    if meant else msg("links to '{href}', which does not exist", href=href))
            problems.warning(source.display, said, _line_of(source, href), "body")
        if self.sanitize:
            match = UNSAFE.search(source.body)
            if match:
                problems.warning(source.display, msg("contains a script, style, frame or javascript: link, "
                                                     "which was removed from the page"),
                                 _line_of(source, match.group(0)), "body")
            html = clean_html(html)
        links = tuple((output, _line_of(source, written) or source.body_line)
                      for written, output in self.target.written)
        return Body(html, links)


def clean_html(html: str) -> str:
    """Only our tags, attributes and link schemes; scripts and styles go with their content
    (nh3's default, held by tests/test_markup.py)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        filter_style_properties={"text-align"},
        link_rel=None,
    )


def _line_of(source: Source, needle: str) -> int | None:
    for number, line in enumerate(source.body.split("\n")):
        if needle in line:
            return source.body_line + number
    return None


@dataclass(frozen=True)
class _MarkdownJob:
    renderers: dict[int, MarkdownRenderer]  # by the level of the body's top heading
    sources: list[tuple[Source, int]]
    resolve: LinkResolver
    asset_url: Callable[[Path], str | None]
    root: Path


def _render_one(job: _MarkdownJob, index: int) -> Rendered:
    source, level = job.sources[index]
    problems = Problems(job.root)
    renderer = job.renderers[level]
    body = renderer.render(source, job.resolve, job.asset_url, problems)
    return Rendered(body, tuple(problems.items), tuple(renderer.target.lookups))


def render_bodies(sources: list[tuple[Source, int]], sanitize: bool, resolve: LinkResolver,
                  asset_url: Callable[[Path], str | None], store: Store, jobs: int,
                  problems: Problems) -> dict[Path, Rendered]:
    """Every body as HTML with what rendering it said, by source path: from the cache where the
    text and every file it links to are unchanged, else rendered (on every core). What rendering
    said is repeated."""
    lookup = {"page": resolve, "asset": asset_url}
    results: dict[int, Rendered] = {}
    # Texts only: a part that is not text or bytes is pickled, which for 5,000 bodies showed.
    keys = [digest("markdown", source.display, str(source.path), source.body, f"{source.body_line} {sanitize} {level}")
            for source, level in sources]
    missing = []
    for index, key in enumerate(keys):
        cached = store.get(key)
        if isinstance(cached, Rendered) and all(lookup[kind](Path(path)) == found
                                                 for kind, path, found in cached.lookups):
            results[index] = cached
        else:
            missing.append(index)
    renderers = {level: MarkdownRenderer(sanitize, level) for level in {level for _s, level in sources}}
    job = _MarkdownJob(renderers, sources, resolve, asset_url, problems.root)
    for index, rendered in zip(missing, parallel.run(_render_one, job, missing, jobs), strict=True):
        store.put(keys[index], rendered)
        results[index] = rendered
    bodies = {}
    for index, (source, _level) in enumerate(sources):
        problems.extend(list(results[index].problems))
        bodies[source.path] = results[index]
    return bodies
