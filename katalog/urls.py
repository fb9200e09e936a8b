"""The URL scheme: where each kind of page lives in each language.

URLs are site paths that include the base URL's sub-path ("/katalog/en/courses/x/"), so
they work from any page, including the 404 page served at arbitrary addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .config import SiteConfig


@dataclass(frozen=True)
class Urls:
    config: SiteConfig

    def home(self, lang: str) -> str:
        prefix = self.config.language(lang).prefix
        return self.config.path_prefix + (f"{prefix}/" if prefix else "")

    def section(self, lang: str, section: str) -> str:
        if section == "home":
            return self.home(lang)
        return f"{self.home(lang)}{self.config.language(lang).sections[section]}/"

    def course(self, lang: str, slug: str) -> str:
        return f"{self.section(lang, 'courses')}{slug}/"

    def category(self, lang: str, key: str) -> str:
        return f"{self.section(lang, 'categories')}{key}/"

    def page(self, lang: str, slug: str) -> str:
        return f"{self.home(lang)}{slug}/"

    # Calendar files are named after what they hold: a downloaded "calendar.ics" says nothing.
    def schedule_calendar(self, lang: str) -> str:
        segment = self.config.language(lang).sections["schedule"]
        return f"{self.section(lang, 'schedule')}{segment}.ics"

    def course_calendar(self, course_url: str, slug: str) -> str:
        return f"{course_url}{slug}.ics"

    def session_calendar(self, course_url: str, slug: str, session_id: str) -> str:
        return f"{course_url}{slug}-{session_id}.ics"

    def root_file(self, name: str) -> str:
        return self.config.path_prefix + name

    def output_path(self, url: str) -> PurePosixPath:
        """The file a site path is written to, relative to the output folder."""
        relative = url[len(self.config.path_prefix):] if url.startswith(self.config.path_prefix) else url
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts:
            raise ValueError(f"the address {url} would be written outside the output folder")
        return path
