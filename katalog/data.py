"""content/data/: categories, venues and trainers, each keyed, names in both languages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import schema as s
from .errors import Problems
from .messages import Message, msg
from .model import Category, SharedData, Trainer, Venue
from .yamlio import line_of, read_yaml

DATA_DIR = Path("content") / "data"


DATA_FILES = ("categories.yaml", "venues.yaml", "trainers.yaml")


def unknown_key(kind: str, value: str, keys: Iterable[str], also: Iterable[str] = ()) -> Message:
    """The one way to say that a data file holds no such key: with the nearest key (or other word
    meant, ``also``: names, titles), else the keys it holds."""
    keys = list(keys)
    close = s.closest(value, [*keys, *also])
    if close:
        return msg("'{value}' is not in content/data/{kind}.yaml; did you mean '{close}'?", value=value, kind=kind,
                   close=close)
    return msg("'{value}' is not in content/data/{kind}.yaml (known: {known})", value=value, kind=kind,
               known=", ".join(sorted(keys)) or "none yet")


def data_files(root: Path) -> list[Path]:
    return [root / DATA_DIR / name for name in DATA_FILES if (root / DATA_DIR / name).is_file()]


def data_specs(languages: tuple[str, ...]) -> dict[str, dict[str, s.Field]]:
    """The fields of an entry of each data file (categories, venues, trainers)."""
    text_in = s.localized(languages)
    return {
        "categories": {
            "name": s.Field(text_in, required=True),
            "description": s.Field(text_in, default={}),
            "weight": s.Field(s.integer(None), default=0),
        },
        "venues": {
            "name": s.Field(text_in, required=True),
            "address": s.Field(s.text, required=True),
            "city": s.Field(s.text, default=""),
            "region": s.Field(s.text, default=""),
            "postal_code": s.Field(s.text, default=""),
            "map_url": s.Field(s.url),
        },
        "trainers": {
            "name": s.Field(s.text, required=True),
            "role": s.Field(text_in),
            "bio": s.Field(text_in),
            "photo": s.Field(s.text),
        },
    }


def load_shared_data(root: Path, languages: tuple[str, ...], problems: Problems) -> SharedData:
    specs = data_specs(languages)
    categories = _load_keyed(
        root, "categories.yaml", problems, specs["categories"],
        lambda key, f: Category(key, f["name"], f["description"] or {lang: "" for lang in languages}, f["weight"]),
        required=True,
    )
    venues = _load_keyed(
        root, "venues.yaml", problems, specs["venues"],
        lambda key, f: Venue(key, f["name"], f["address"], f["city"], f["region"], f["postal_code"], f["map_url"]),
    )
    trainers = _load_keyed(
        root, "trainers.yaml", problems, specs["trainers"],
        lambda key, f: Trainer(key, f["name"], f["role"], f["bio"], f["photo"]),
    )
    return SharedData(categories, venues, trainers)


def _load_keyed(
    root: Path,
    name: str,
    problems: Problems,
    spec: dict[str, s.Field],
    build: Callable[[str, dict[str, Any]], Any],
    required: bool = False,
) -> dict[str, Any]:
    path = root / DATA_DIR / name
    display = (DATA_DIR / name).as_posix()
    if not path.is_file():
        if required:
            problems.error(display, msg("is missing; it lists the keys and names used by the content"))
        return {}
    data = read_yaml(path, root, display, problems)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.error(display, msg("must map each key to its fields (key: then indented fields)"), 1)
        return {}
    entries = {}
    for key, fields in data.items():
        try:
            s.key(key)
        except s.Invalid as exc:
            problems.error(display, exc.message, line_of(data, key), key)
            continue
        before = len(problems.errors)
        checked = s.check(fields, spec, problems, display, prefix=f"{key}.")
        if len(problems.errors) == before:
            entries[key] = build(key, checked)
    return entries
