"""`serve`: build into a private preview folder, serve it with live reload, rebuild on save.

A failed rebuild replaces the preview's pages with the error messages (the public output
folder is never touched), and the next successful build brings the site back.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from livereload import Server

from .errors import ContentError, Problem
from .messages import msg
from .pipeline import PROJECT_ROOT, BuildRequest, build
from .write import output_error

WATCHED = ("site_config.yaml", "content", "templates", "static")


def serve(site_dir: Path, host: str, port: int, drafts: bool, catalog: Catalog | None = None) -> int:
    preview = Path(tempfile.mkdtemp(prefix="katalog-preview-")) / "site"
    request = BuildRequest(site_dir=site_dir, output=preview, base_url=f"http://{host}:{port}/", drafts=drafts)

    def rebuild() -> None:
        try:
            outputs = build(request)
        except ContentError as exc:
            problems = exc.problems
            for problem in problems:
                print(problem.render(catalog))
            show_error(preview, problems, catalog)
            return
        for warning in outputs.warnings:
            print(warning.render(catalog))
        print(msg("rebuilt {pages} pages", pages=outputs.pages).translated(catalog))

    rebuild()
    server = Server()
    for root in {PROJECT_ROOT, site_dir.resolve()}:
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name), rebuild, delay=0.2)
    print(msg("preview on {url} (Ctrl+C to stop)", url=f"http://{host}:{port}/").translated(catalog))
    try:
        server.serve(root=str(preview), host=host, port=port, restart_delay=0)
    except OSError as exc:
        raise output_error(msg("cannot serve on {host}:{port}: {reason}; choose another --port", host=host,
                              port=port, reason=exc.strerror or exc)) from None
    return 0


def error_page(problems: list[Problem], catalog: Catalog | None = None) -> str:
    items = "\n".join(f"<li><code>{html.escape(p.render(catalog))}</code></li>" for p in problems)
    title = html.escape(msg("The site could not be built").translated(catalog))
    advice = html.escape(msg("Fix the problems below and save; this page reloads by itself.").translated(catalog))
    lang = catalog.locale.language if catalog is not None and catalog.locale else "en"
    return (
        f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
        "<body style=\"font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">"
        f"<h1 style=\"color:#8a1c1c\">{title}</h1><p>{advice}</p><ul>{items}</ul></body></html>"
    )


def show_error(preview: Path, problems: list[Problem], catalog: Catalog | None = None) -> None:
    """Every preview page shows the error, so the browser shows it wherever it is."""
    page = error_page(problems, catalog)
    pages = list(preview.rglob("*.html")) if preview.is_dir() else []
    if not pages:
        preview.mkdir(parents=True, exist_ok=True)
        pages = [preview / "index.html"]
    for path in pages:
        path.write_text(page, encoding="utf-8")
