"""/admin/: the browser editor (Sveltia CMS), its generated configuration and its own
Content-Security-Policy.

The editor is published only when ``admin:`` in site_config.yaml names the repository it saves
to, and only when its bundle has been built (``make editor``, which needs Node.js and npm);
otherwise the build leaves /admin/ out and says why in one line. The preview always serves it,
for "Work with Local Repository" on the office PC. Nothing under /admin/ is a page of the site:
it is in no sitemap, no search index, and asks search engines not to index it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import jinja2
import yaml

from ..cache import digest
from ..cms_config import EditorFacts, cms_config
from ..cms_words import words_for
from ..config import AdminOptions, SiteConfig
from ..messages import Message, msg
from ..model import Artifact

BUNDLE = Path(__file__).resolve().parent.parent / "editor" / "dist"  # made by .ci/build-editor
ENTRY = "editor.js"  # not sveltia-cms.js: that name makes the CMS look for a classic script
FOLDER = "admin/"
# Under `serve` the editor works on the local folder only ("Work with Local Repository"); the
# repository is only named (the admin: block's, else this one), and its API is an address of the
# preview itself, so that nothing, not even the Git host's status check, leaves the machine.
LOCAL_ONLY = AdminOptions(backend="github", repo="kantor/katalog-pelatihan", branch="main")
NO_GIT_HOST = "__katalog/no-git-host"
SCHEMA_LINE = "# yaml-language-server: $schema=https://unpkg.com/@sveltia/cms/schema/sveltia-cms.json\n"
# Hosts the editor polls for the Git host's service status, with no option to stop it (README).
STATUS_HOSTS = {"github": "https://www.githubstatus.com", "gitlab": "https://status-api.hostedstatus.com"}
AVATAR_HOSTS = {"github": ("https://avatars.githubusercontent.com",),
                "gitlab": ("https://gitlab.com", "https://secure.gravatar.com")}


@dataclass(frozen=True)
class AdminView:
    """What templates/admin.html shows."""

    lang: str
    title: str
    csp: str
    config_url: str
    script_url: str
    noscript: str


@dataclass(frozen=True)
class AdminOutput:
    files: tuple[Artifact, ...]
    note: Message | None  # why /admin/ was left out, said once in the build's summary


def admin_output(config: SiteConfig, facts: EditorFacts, env: jinja2.Environment, *, preview: bool = False,
                 bundle: Path = BUNDLE, logo_url: str | None = None) -> AdminOutput:
    """The files of /admin/, or none and the reason."""
    admin = config.admin
    if preview:
        admin = replace(admin or LOCAL_ONLY, api_root=config.base_url + NO_GIT_HOST)
    if admin is None:
        return AdminOutput((), msg("browser editor: not published (no admin: block in site_config.yaml)"))
    if not (bundle / ENTRY).is_file():
        return AdminOutput((), msg("browser editor: left out, its bundle is not built (needs Node.js and npm: "
                                   "make editor)"))
    prefix, options = config.path_prefix + FOLDER, admin
    language = config.build.messages or config.default_language
    code, version = _bundle(bundle)

    @cache
    def settings() -> bytes:
        # The first line is the one Sveltia looks for before suggesting, in the console, that the
        # configuration be checked against its schema; it is (tests/test_cms_config.py).
        return (SCHEMA_LINE + "# Made by the build from the content schema (katalog/cms_config.py); edits here "
                "are lost.\n" + yaml.safe_dump(cms_config(config, facts, options, language, logo_url),
                                               sort_keys=False, allow_unicode=True, width=100)).encode()

    def page() -> bytes:
        words = words_for(language)
        view = AdminView(lang=language, title=f"{words['admin.title'][0]} · {config.short_title.get(language, '')}",
                         csp=content_security_policy(None if preview else options),
                         config_url=f"config.yml?v={digest('config', settings())[:12]}",
                         script_url=f"cms/{ENTRY}?v={version[:12]}",
                         noscript=words["admin.noscript"][1])
        return env.get_template("admin.html").render(view=view).encode()

    # The page and the configuration are made when asked for: the preview makes its plan on every
    # save and is asked for them only when the editor is opened.
    return AdminOutput((Artifact(prefix, source="templates/admin.html", make=page),
                        Artifact(prefix + "config.yml", source="site_config.yaml", make=settings),
                        *(Artifact(prefix + "cms/" + path.relative_to(bundle).as_posix(), copy_from=path)
                          for path in code)), None)


def _bundle(bundle: Path) -> tuple[tuple[Path, ...], str]:
    """The editor's code files and the digest of their names and entry point, read again only
    when the entry point changes (``make editor``)."""
    entry = (bundle / ENTRY).stat()
    return _listed(bundle, entry.st_mtime_ns, entry.st_size)


@lru_cache(maxsize=4)
def _listed(bundle: Path, _mtime_ns: int, _size: int) -> tuple[tuple[Path, ...], str]:
    code = tuple(sorted(path for path in bundle.rglob("*") if path.is_file() and not path.name.startswith(".")))
    return code, digest("editor", *(str(path.relative_to(bundle)) for path in code), (bundle / ENTRY).read_bytes())


def content_security_policy(admin: AdminOptions | None) -> str:
    """As strict as the editor allows: its own code, styles and fonts from this site; WebAssembly
    (image conversion); connections only to this site and the Git host's API."""
    connect, images = ["'self'", "blob:", "data:"], ["'self'", "blob:", "data:"]
    if admin is not None:
        connect.append(admin.api_origin)
        if not admin.api_root:  # a self-hosted Git server has no public status page to poll
            connect.append(STATUS_HOSTS[admin.backend])
            images += AVATAR_HOSTS[admin.backend]
    return "; ".join([
        "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self' 'unsafe-inline'",
        "font-src 'self'", f"img-src {' '.join(images)}", "media-src 'self' blob: data:",
        f"connect-src {' '.join(connect)}", "worker-src 'self' blob:", "frame-src 'self' blob:",
        "manifest-src 'self' blob:", "base-uri 'self'", "form-action 'none'", "object-src 'none'"])
