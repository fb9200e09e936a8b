"""What every page of one language shows around its content: the official-site line, the header
with the office's and the province's name, the menu and the footer. Made once per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .assemble import Site


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str


@dataclass(frozen=True)
class OfficeView:
    name: str
    short_name: str  # the office itself ("UPT Pelatihan Koperasi dan UMKM"), else its whole name
    parent: str | None  # the agency it belongs to ("Dinas Koperasi dan UKM Provinsi Jawa Timur")
    address: str
    city_line: str
    phone: Any  # model.Phone | None
    whatsapp: Any
    email: str | None
    hours: str | None
    map_url: str | None


@dataclass(frozen=True)
class Chrome:
    lang: str
    locale: str  # "id_ID", for og:locale
    site_title: str
    short_title: str
    logo: tuple[str, str | None, str] | None  # (SVG URL, PNG URL, words for it)
    home_url: str
    catalogue_url: str
    categories_url: str
    schedule_url: str
    search_url: str
    feed_url: str
    menu: tuple[MenuLink, ...]
    office: OfficeView
    languages: tuple[tuple[str, str], ...]  # (code, name) of every language, the site's order
    domain: str  # the site's host, as the official-site line names it
    registration_hosts: tuple[str, ...]  # the hosts the sessions' register buttons lead to


def make_chrome(site: Site, lang: str, locale: str, logo: tuple[str, str | None, str] | None,
                home_label: str) -> Chrome:
    urls, config, office = site.urls, site.config, site.config.office
    return Chrome(
        lang=lang, locale=locale, site_title=config.title[lang], short_title=config.short_title[lang], logo=logo,
        home_url=urls.home(lang), catalogue_url=urls.section(lang, "courses"),
        categories_url=urls.section(lang, "categories"), schedule_url=urls.section(lang, "schedule"),
        search_url=urls.section(lang, "search"), feed_url=urls.home(lang) + "feed.xml",
        menu=tuple(_menu(site, lang, home_label)),
        office=OfficeView(office.name[lang], office.short_name[lang] if office.short_name else office.name[lang],
                          office.parent[lang] if office.parent else None, office.address,
                          " ".join(p for p in (f"{office.city}, {office.region}", office.postal_code) if p),
                          office.phone, office.whatsapp, office.email,
                          office.opening_hours[lang] if office.opening_hours else None, office.map_url),
        languages=tuple((language.code, language.name) for language in config.languages),
        domain=urlsplit(config.origin).hostname or config.origin,
        registration_hosts=site.registration_hosts,
    )


def _menu(site: Site, lang: str, home_label: str) -> list[MenuLink]:
    items = [MenuLink(home_label, site.urls.home(lang))]
    for item in site.config.menus.get(lang, ()):
        if item.section:
            url = site.urls.section(lang, item.section)
        elif item.page:
            by_lang = site.pages.get(item.page, {})
            page = by_lang.get(lang) or next(iter(by_lang.values()), None)
            if page is None:
                continue  # reported as a warning; a menu never shows a dead link
            url = page.url
        else:
            url = item.url or ""
        if url != site.urls.home(lang):
            items.append(MenuLink(item.label, url))
    return items
