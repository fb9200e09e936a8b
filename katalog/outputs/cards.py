"""Share images for chat apps and social networks: a 1200×630 JPEG per course and language
(title, next dates, fee, office), and one per language for every other page.

Drawn at build time with Pillow, in the font Pillow carries (so a build needs no system
fonts); kept in the build cache by what they show, and drawn on every core when many change.
JPEG, not PNG: encoding is ten times faster (PNG's filtering cost ~18 ms an image, which made
share images the slowest part of a cold build), and at quality 85 the text looks the same (~85 KB an image).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache, partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .. import parallel
from ..assemble import Site
from ..cache import FileStore, Store, digest
from ..inputs import CourseDigests
from ..model import Course
from ..views import Views
from ..write import OutputWriter

if TYPE_CHECKING:  # Pillow and resvg are loaded only when an image is drawn: most edits draw none
    from PIL import Image, ImageDraw, ImageFont

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
    picture: bytes = b""  # the course's picture (SVG, PNG or JPEG file), shown beside the text


def share_url(page_url: str) -> str:
    return page_url + SHARE_FILE


@dataclass(frozen=True)
class ShareImage:
    url: str
    describe: Callable[[], CardText]  # worked out when asked for: the preview draws one image at a time
    logo: bytes
    made_from: Callable[[], str] | None = None  # the digest of what its text is made from, without making it
    known: Store | None = None  # that digest -> the key it gave, kept between builds

    @cached_property
    def text(self) -> CardText:
        return self.describe()

    @cached_property
    def key(self) -> str:
        """Digest of what it shows and the emblem: equal keys, equal images. The text is worked
        out only when what it is made from changed (a course's text, for one, is made from its
        next session's view: working out all 5,000 took a third of a second in every edit)."""
        if self.made_from is None or self.known is None:
            return digest("share-card", self.text, self.logo)
        made_from = digest("share-card inputs", self.made_from(), self.logo)
        key = self.known.get(made_from)
        if key is None:
            key = digest("share-card", self.text, self.logo)
            self.known.put(made_from, key)
        return key


def share_images(site: Site, views: Views, logo: bytes, picture_of: Callable[[str], bytes] = lambda _url: b"",
                 courses: CourseDigests | None = None, known: Store | None = None,
                 picture_digest: Callable[[str], bytes] | None = None) -> list[ShareImage]:
    """Every share image of the site, described, not drawn: one per course page, one per home
    page (used by the language's other pages). ``picture_of``: the bytes of the file published
    at a site path (a course's picture), or nothing. ``courses`` and ``known``: the build's course
    digests and where the keys they gave are kept (see ShareImage.key); ``picture_digest``: what
    those keys take of a picture (its bytes' digest, known without reading it; else its bytes)."""
    picture_key = picture_digest or picture_of
    config = site.config
    host = config.origin.split("://", 1)[1]
    strings = cache(partial(digest, "strings", views.strings))  # digested once, if a course image asks

    def home(lang: str) -> CardText:
        return CardText(config.title[lang], config.description[lang], config.short_title[lang],
                        config.office.name[lang], host)

    def course_card(course: Course) -> CardText:
        lang = course.lang
        following = views.card(course.key, lang).next_session
        line = (f"{views.t(lang, 'card_next')}: {following.dates} · {following.fee_text}" if following
                else views.t(lang, "card_no_session"))
        picture = picture_of(course.image) if course.image else b""
        return CardText(course.title, line, config.short_title[lang], config.office.name[lang], host, picture)

    def made_from(course: Course) -> str:
        """What ``course_card`` reads: the course as listed, without its body (its next session's
        view comes from it), the UI strings, the configuration, its picture's bytes
        (tests/test_plan.py draws the texts again from courses without bodies)."""
        assert courses is not None
        picture = picture_key(course.image) if course.image else b""
        return digest(courses.listed(course), strings(), courses.config, picture)

    images = [ShareImage(share_url(site.urls.home(lang)), partial(home, lang), logo) for lang in config.language_codes]
    images += [ShareImage(share_url(course.url), partial(course_card, course), logo,
                          partial(made_from, course) if courses else None, known)
               for by_lang in site.courses.values() for course in by_lang.values()]
    return images


def write_share_images(images: list[ShareImage], writer: OutputWriter, path_of: Callable[[str], PurePosixPath],
                       store: FileStore, jobs: int) -> None:
    """Link each image unchanged since the previous build (its bytes are not even read); take
    the others from the build cache or draw them, on every core, writing each as it comes."""
    todo = []
    for image in images:
        if writer.reuse(path_of(image.url), image.key):
            store.keep(image.key)
        else:
            todo.append(image)
    for image, data in zip(todo, image_bytes(todo, store, jobs), strict=True):
        writer.write(path_of(image.url), data, image.key)
    store.complete = True


def image_bytes(images: list[ShareImage], store: FileStore, jobs: int) -> Iterator[bytes]:
    """The JPEG of each image, in order: from the build cache, else drawn (on every core) and
    kept there."""
    missing = {index for index, image in enumerate(images) if image.key not in store}
    drawn = parallel.run(_draw, [(image.text, image.logo) for image in images], sorted(missing), jobs)
    for index, image in enumerate(images):
        data = None if index in missing else store.get(image.key)
        if data is None:  # not cached, or a damaged cache file
            data = next(drawn) if index in missing else draw_card(image.text, image.logo)
            store.put(image.key, data)
        yield data


def _draw(job: list[tuple[CardText, bytes]], index: int) -> bytes:
    return draw_card(*job[index])


def draw_card(text: CardText, logo: bytes = b"") -> bytes:
    """One share image as JPEG bytes: a green band with the emblem and the site's name, the
    heading large, the line below it, the office and address at the foot."""
    from PIL import ImageDraw

    image = _frame(text.site, text.office, text.address, logo).copy()
    draw = ImageDraw.Draw(image)
    width = WIDTH - 128
    picture = _picture(text.picture, PICTURE) if text.picture else None
    if picture is not None:  # the course's picture on the right, the words beside it
        image.paste(picture, (WIDTH - 64 - PICTURE[0], 168), picture)
        width -= PICTURE[0] + 40
    y = 180
    for line in _wrap(text.heading, _font(64), width, 3):
        _draw_line(draw, (64, y), line, _font(64), INK)
        y += 78
    y += 12
    for line in _wrap(text.line, _font(34), width, 3 if picture is not None else 2):
        _draw_line(draw, (64, y), line, _font(34), GREEN_DARK)
        y += 46
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)  # text on flat colours; the band's edges fall on even rows
    return out.getvalue()


@cache
def _frame(site: str, office: str, address: str, logo: bytes) -> Image.Image:
    """What every image of a site shares, drawn once per worker: the band and the foot."""
    from PIL import Image, ImageDraw

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


def _draw_line(draw: ImageDraw.ImageDraw, at: tuple[int, int], line: str,
               font: ImageFont.FreeTypeFont | ImageFont.ImageFont, fill: str) -> None:
    """A line drawn word by word, each word's pixels made once per worker (``_word``): titles,
    dates and fees share most of their words, and FreeType drawing them was half of an image's
    time. Each word is put where the whole line puts it — the font measures no kerning across a
    space (``_lines``) — so the pixels are the line's (tests/test_properties.py compares them)."""
    x, y = float(at[0]), at[1]
    space = font.getlength(" ")
    for word in line.split(" "):
        mask, (left, top), width = _word(word, font)
        draw.bitmap((round(x) + left, y + top), mask, fill=fill)
        x += width + space


@lru_cache(maxsize=1024)  # a 64 px word is some 20 KB of mask: the words used most, not every title's number
def _word(word: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> tuple[Image.Image, tuple[int, int], float]:
    """A word's pixels as a mask, where they begin from the pen, and the pen's advance."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = (int(edge) for edge in font.getbbox(word))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255)
    return mask, (left, top), font.getlength(word)


PICTURE = (400, 340)  # the course picture's box on a share image


def _picture(data: bytes, box: tuple[int, int]) -> Image.Image | None:
    """A course picture fitted into ``box``: an SVG drawn by resvg (Pillow reads no SVG), a
    raster image as it is; None for a file that cannot be read as a picture."""
    import resvg_py
    from PIL import Image

    try:
        if data.lstrip()[:5] in (b"<?xml", b"<svg ") or b"<svg" in data[:400]:
            data = bytes(resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), width=box[0] * 2))
        picture = Image.open(io.BytesIO(data)).convert("RGBA")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    picture.thumbnail(box, Image.Resampling.LANCZOS)
    return picture


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


# Pillow's own font has no dashes or ellipsis; these read the same in the image.
PLAIN = str.maketrans({"–": "-", "—": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'})


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, lines: int) -> list[str]:
    """Words in lines no wider than ``width``; the last line ends in "..." when they do not fit."""
    result = _lines(text, font, width)
    if len(result) > lines:
        last = result[lines - 1]
        while last and font.getlength(last + " ...") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        result = [*result[: lines - 1], last + " ..."]
    return result


def _lines(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    """Words in lines no wider than ``width`` (a word wider than that on a line of its own).

    A line's width is the sum of its words' and spaces' widths, each word measured once: the
    font measures no kerning across a space, so that is the width of the line measured whole
    (tests/test_properties.py compares the two ways), in half the time of measuring every
    longer candidate line whole."""
    space = font.getlength(" ")
    result: list[str] = []
    current, current_width = "", 0.0
    for word in text.translate(PLAIN).split():
        word_width = font.getlength(word)
        if current and current_width + space + word_width <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
        else:
            if current:
                result.append(current)
            current, current_width = word, word_width
    if current:
        result.append(current)
    return result
