"""Property-based tests: whatever an editor writes in front matter or a schedule, the build
answers with success or with messages (exit 0 or 1), never with a crash."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitefactory import NOW, write_site

from katalog.assemble import related_keys
from katalog.cli import main
from katalog.content import course_spec
from katalog.outputs.cards import PLAIN, _draw_line, _font, _lines
from katalog.schedules import session_spec

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["koperasi", "2026-02-30", "2026-07-20 08:00", "../x", "a/b", "",
                                           "javascript:alert(1)", "<script>x</script>", "Asia/Makassar", "sri"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8),
                                                                                          inner, max_size=3),
                      max_leaves=6)
COURSE_KEYS = [*course_spec(), "durasi", "kategori"]
SESSION_KEYS = [*session_spec(("id", "en"), "Asia/Jakarta", None, "x", "x"), "kuota"]  # type: ignore[arg-type]


def build_exit_code(files: dict[str, str]) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as scratch:
        site = write_site(Path(scratch) / "site", files)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", "--site", str(site), "--output", str(Path(scratch) / "out"), "--now", NOW])
        return code, err.getvalue()


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(COURSE_KEYS), values, max_size=8), st.text(max_size=200))
def test_any_front_matter_gives_a_result_or_messages(meta: dict[str, Any], body: str) -> None:
    code, err = build_exit_code({"content/courses/pemasaran.id.md": f"---\n{dump(meta)}---\n{body}\n"})
    assert code in (0, 1), err
    assert "Traceback" not in err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(SESSION_KEYS), values, max_size=10))
def test_any_session_gives_a_result_or_messages(session: dict[str, Any]) -> None:
    base = {"id": "s-1", "course": "koperasi", "start": "2026-07-20 08:00", "end": "2026-07-20 16:00",
            "mode": "online", "online_platform": "Zoom"}
    code, err = build_exit_code({"content/schedules/2026.yaml": dump({"sessions": [{**base, **session}]})})
    assert code in (0, 1), err
    assert "Traceback" not in err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_as_a_schedule_file_gives_a_result_or_messages(text: str) -> None:
    code, err = build_exit_code({"content/schedules/2026.yaml": text})
    assert code in (0, 1), err


def related_by_comparing_every_pair(courses: dict[str, tuple[str, set[str], str]], limit: int) -> dict[str, list[str]]:
    """The rule for related courses written the plain way, to check the fast one against: same
    category first, then more shared tags, then title (then key); another category only when a
    tag is shared."""
    result = {}
    for key, (category, tags, _title) in courses.items():
        candidates = [other for other, (other_category, other_tags, _) in courses.items()
                      if other != key and (other_category == category or other_tags & tags)]
        candidates.sort(key=lambda other: (courses[other][0] != category, -len(courses[other][1] & tags),
                                           courses[other][2], other))
        result[key] = candidates[:limit]
    return result


catalogues = st.dictionaries(
    st.text("abcdefghij", min_size=1, max_size=4),
    st.tuples(st.sampled_from(["koperasi", "pangan", "ekspor"]),
              st.sets(st.sampled_from(["umkm", "halal", "ekspor", "rat", "kemasan"]), max_size=3),
              st.sampled_from(["batik", "kopi", "rat", "label", "foto"])),
    max_size=40)


@settings(max_examples=300, deadline=None)
@given(catalogues, st.integers(0, 6))
def test_related_courses_are_the_closest_by_the_plain_rule(courses: dict, limit: int) -> None:
    assert related_keys(courses, limit) == related_by_comparing_every_pair(courses, limit)


def lines_by_measuring_every_line(text: str, size: int, width: int) -> list[str]:
    """The share images' line breaking written the plain way: each candidate line measured whole."""
    font, result, current = _font(size), [], ""
    for word in text.translate(PLAIN).split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    return [*result, current] if current else result


# Words of titles as offices write them, with the odd long word and the letters kerning pairs hit.
share_words = st.lists(st.one_of(
    st.sampled_from(["Pelatihan", "Manajemen", "Koperasi", "UMKM", "AVATAR", "Wirausaha", "dan", "untuk", "Ta'awun",
                     "–", "Rp1.500.000", "12–14", "Januari", "LAYANAN", "Yogya", "WA", "Tv", "To", "AV", "…"]),
    st.text(alphabet="AVTWYaeovwy.,'", min_size=1, max_size=14)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(share_words, st.sampled_from([64, 34, 28]), st.integers(80, 1100))
def test_share_image_lines_break_where_measuring_every_line_breaks_them(words: list[str], size: int,
                                                                        width: int) -> None:
    text = " ".join(words)
    assert _lines(text, _font(size), width) == lines_by_measuring_every_line(text, size, width)


@settings(max_examples=150, deadline=None)
@given(share_words, st.sampled_from([64, 34]), st.sampled_from(["#1d2521", "#07402a"]))
def test_a_share_image_line_drawn_word_by_word_has_the_pixels_of_the_line_drawn_whole(words: list[str], size: int,
                                                                                     colour: str) -> None:
    """Share images draw each word once per worker and put it where the line would
    (cards._draw_line): the pixels are those Pillow draws for the whole line at once."""
    from PIL import Image, ImageChops, ImageDraw

    line = " ".join(" ".join(words).translate(PLAIN).split())  # a line as _lines gives it
    whole, by_word = Image.new("RGB", (1400, 120), "#ffffff"), Image.new("RGB", (1400, 120), "#ffffff")
    ImageDraw.Draw(whole).text((64, 20), line, font=_font(size), fill=colour)
    _draw_line(ImageDraw.Draw(by_word), (64, 20), line, _font(size), colour)
    assert ImageChops.difference(whole, by_word).getbbox() is None
