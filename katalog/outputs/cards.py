"""Share images for chat apps and social networks: a 1200×630 JPEG per course and language
(title, next dates, fee, office), and one per language for every other page.

Drawn at build time with Pillow, in the font Pillow carries (so a build needs no system
fonts); kept in the build cache by what they show, and drawn on every core when many change.
JPEG, not PNG: encoding is ten times faster (PNG's filtering cost ~18 ms an image, which made
share images the slowest part of a cold build), and at quality 85 the text looks the same (~85 KB an image).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .. import parallel
from ..assemble import Site
from ..cache import Store, digest
from ..model import Artifact
from ..views import Views

WIDTH, HEIGHT = 1200, 630
SHARE_FILE = "share.jpg"
SHARE_TYPE = "image/jpeg"
GREEN, GREEN_DARK, GOLD, INK, MUTED, WHITE = "#0b5d3b", "#07402a", "#f2b705", "#1d2521", "#4d5a53", "#ffffff"


@dataclass(frozen=True)
class CardText:
    """What one share image shows; equal texts, equal images."""

    heading: str  # the course title, or the site's title
    line: str  # next dates and fee, or the site's description
    site: str
    office: str
    address: str  # the site's host, printed small


def share_url(page_url: str) -> str:
    return page_url + SHARE_FILE


def share_cards(site: Site, views: Views, store: Store, emblem: Path | None, jobs: int) -> list[Artifact]:
    """Every share image of the site: one per course page, one per home page (used by the
    language's other pages)."""
    config = site.config
    host = config.origin.split("://", 1)[1]
    wanted: list[tuple[str, CardText]] = []
    for lang in config.language_codes:
        wanted.append((share_url(site.urls.home(lang)),
                       CardText(config.title[lang], config.description[lang], config.short_title[lang],
                                config.office.name[lang], host)))
    for by_lang in site.courses.values():
        for lang, course in by_lang.items():
            card = views.card(course.key, lang)
            following = card.next_session
            line = (f"{views.t(lang, 'card_next')}: {following.dates} · {following.fee_text}" if following
                    else views.t(lang, "card_no_session"))
            wanted.append((share_url(course.url),
                           CardText(course.title, line, config.short_title[lang], config.office.name[lang], host)))
    logo = emblem.read_bytes() if emblem else b""
    keys = [digest("share-card", text, logo) for _url, text in wanted]
    images: dict[int, bytes] = {}
    missing = []
    for index, key in enumerate(keys):
        found = store.get(key)
        if found is None:
            missing.append(index)
        else:
            images[index] = found
    for index, png in zip(missing, parallel.run(_draw, (wanted, logo), missing, jobs), strict=True):
        store.put(keys[index], png)
        images[index] = png
    return [Artifact(url, images[index]) for index, (url, _text) in enumerate(wanted)]


def _draw(job: tuple[list[tuple[str, CardText]], bytes], index: int) -> bytes:
    wanted, logo = job
    return draw_card(wanted[index][1], logo)


def draw_card(text: CardText, logo: bytes = b"") -> bytes:
    """One share image as JPEG bytes: a green band with the emblem and the site's name, the
    heading large, the line below it, the office and address at the foot."""
    image = _frame(text.site, text.office, text.address, logo).copy()
    draw = ImageDraw.Draw(image)
    y = 180
    for line in _wrap(text.heading, _font(64), WIDTH - 128, 3):
        draw.text((64, y), line, font=_font(64), fill=INK)
        y += 78
    y += 12
    for line in _wrap(text.line, _font(34), WIDTH - 128, 2):
        draw.text((64, y), line, font=_font(34), fill=GREEN_DARK)
        y += 46
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)  # text on flat colours; the band's edges fall on even rows
    return out.getvalue()


@cache
def _frame(site: str, office: str, address: str, logo: bytes) -> Image.Image:
    """What every image of a site shares, drawn once per worker: the band and the foot."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 120), fill=GREEN)
    draw.rectangle((0, 120, WIDTH, 128), fill=GOLD)
    x = 64
    if logo:
        emblem = Image.open(io.BytesIO(logo)).convert("RGBA").resize((80, 80))
        image.paste(emblem, (64, 20), emblem)
        x = 168
    draw.text((x, 60), site.translate(PLAIN), font=_font(40), fill=WHITE, anchor="lm")
    draw.line((64, 540, WIDTH - 64, 540), fill="#cfd8d3", width=2)
    room = WIDTH - 128 - int(_font(28).getlength(address)) - 40
    draw.text((64, 575), _wrap(office, _font(28), room, 1)[0], font=_font(28), fill=MUTED, anchor="lm")
    draw.text((WIDTH - 64, 575), address, font=_font(28), fill=MUTED, anchor="rm")
    return image


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# Pillow's own font has no dashes or ellipsis; these read the same in the image.
PLAIN = str.maketrans({"–": "-", "—": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'})


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, lines: int) -> list[str]:
    """Words in lines no wider than ``width``; the last line ends in "..." when they do not fit."""
    text = text.translate(PLAIN)
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    if len(result) > lines:
        last = result[lines - 1]
        while last and font.getlength(last + " ...") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        result = [*result[: lines - 1], last + " ..."]
    return result
