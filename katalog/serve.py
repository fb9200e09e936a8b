"""`serve`: build into a private preview folder, serve it with live reload, rebuild on save.

A failed rebuild replaces the preview's pages with the error messages (the public output
folder is never touched), and the next successful build brings the site back.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from livereload import Server

from .errors import ContentError, Problem
from .pipeline import PROJECT_ROOT, BuildRequest, build
from .write import OutputError

WATCHED = ("site_config.yaml", "content", "templates", "static")


def serve(site_dir: Path, host: str, port: int, drafts: bool) -> int:
    preview = Path(tempfile.mkdtemp(prefix="katalog-preview-")) / "site"
    request = BuildRequest(site_dir=site_dir, output=preview, base_url=f"http://{host}:{port}/", drafts=drafts)

    def rebuild() -> None:
        try:
            outputs = build(request)
        except (ContentError, OutputError) as exc:
            problems = exc.problems if isinstance(exc, ContentError) else [Problem("output", exc.message)]
            for problem in problems:
                print(problem)
            show_error(preview, problems)
            return
        for warning in outputs.warnings:
            print(warning)
        print(f"rebuilt {len(outputs.pages)} pages")

    rebuild()
    server = Server()
    for root in {PROJECT_ROOT, site_dir.resolve()}:
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name), rebuild, delay=0.2)
    print(f"preview on http://{host}:{port}/ (Ctrl+C to stop)")
    server.serve(root=str(preview), host=host, port=port, restart_delay=0)
    return 0


def error_page(problems: list[Problem]) -> str:
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
        "<body style=\"font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">"
        "<h1 style=\"color:#8a1c1c\">The site could not be built</h1>"
        "<p>Fix the problems below and save; this page reloads by itself.</p>"
        f"<ul>{items}</ul></body></html>"
    )


def show_error(preview: Path, problems: list[Problem]) -> None:
    """Every preview page shows the error, so the browser shows it wherever it is."""
    page = error_page(problems)
    pages = list(preview.rglob("*.html")) if preview.is_dir() else []
    if not pages:
        preview.mkdir(parents=True, exist_ok=True)
        pages = [preview / "index.html"]
    for path in pages:
        path.write_text(page, encoding="utf-8")
