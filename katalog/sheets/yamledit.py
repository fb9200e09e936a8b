"""Schedule files edited round-trip with ruamel.yaml: comments, blank lines, key order, quotes and
indentation stay as the editor wrote them; only the lines of changed fields change.

A new field goes where the schedule's order puts it (``start`` after ``course``, ``note`` near
the end); a new session is added at the end of the list, laid out like the sessions before it.
The comment that introduces the next session (ruamel keeps it on the last line of the session
before) stays where it was when a field is added at the end of a session or removed from it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from ..errors import Problems
from ..schedules import contact_spec, registration_spec, session_spec

# The order of a session's fields in a schedule file, as the schedule rules list them.
ORDER = {
    "": tuple(session_spec(("id",), "UTC", Problems(Path()), "", "")),
    "registration": tuple(registration_spec()),
    "contact": tuple(contact_spec()),
}
QUOTED = ("contact.phone", "contact.whatsapp")  # phone numbers are written in quotes, as the guide asks
DATES = ("registration.opens", "registration.closes")


class Unreadable(Exception):
    """ruamel.yaml could not read a file that the schedule loader could."""


@dataclass
class Layout:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


class ScheduleText:
    """One schedule file being edited. ``text`` is its text as it was (empty for a new file)."""

    def __init__(self, text: str) -> None:
        self.bom = text.startswith("\ufeff")
        self.crlf = "\r\n" in text
        self.original = text.removeprefix("\ufeff").replace("\r\n", "\n")
        self.layout = _layout(self.original)
        self.yaml = _yaml(self.layout)
        try:
            document = self.yaml.load(self.original) if self.original.strip() else None
        except YAMLError as error:
            raise Unreadable(str(error)) from None
        self.document = document if isinstance(document, CommentedMap) else CommentedMap()
        sessions = self.document.get("sessions")
        self.sessions: CommentedSeq = sessions if isinstance(sessions, CommentedSeq) else CommentedSeq()
        self.added: list[dict[str, Any]] = []
        self.edited = False

    def index_of(self, session_id: str) -> int | None:
        return next((number for number, entry in enumerate(self.sessions)
                     if isinstance(entry, CommentedMap) and str(entry.get("id")) == session_id), None)

    def change(self, index: int, path: str, value: Any) -> None:
        """Set a field of the session at ``index`` (a dotted path), or remove it when ``value`` is None."""
        entry = self.sessions[index]
        tail = _take_tail(entry)
        *groups, name = path.split(".")
        holder = entry
        for depth, group in enumerate(groups):
            if not isinstance(holder.get(group), CommentedMap):
                if value is None:
                    break
                _insert(holder, group, CommentedMap(), ".".join(groups[:depth]))
            holder = holder[group]
        else:
            if value is None:
                _remove(holder, name)
            elif name in holder:
                holder[name] = _node(path, value)
            else:
                _insert(holder, name, _node(path, value), ".".join(groups))
        for depth in range(len(groups), 0, -1):  # a group left empty goes too
            parent = _get(entry, groups[:depth - 1])
            if isinstance(parent, CommentedMap) and parent.get(groups[depth - 1]) == {}:
                _remove(parent, groups[depth - 1])
        _put_tail(entry, tail)
        self.edited = True

    def append(self, fields: dict[str, Any]) -> None:
        """A new session at the end of the list: ``fields`` maps dotted paths to values, in any order."""
        entry = CommentedMap()
        for path, value in fields.items():
            if value is None:
                continue
            *groups, name = path.split(".")
            holder = entry
            for depth, group in enumerate(groups):
                if group not in holder:
                    _insert(holder, group, CommentedMap(), ".".join(groups[:depth]))
                holder = holder[group]
            _insert(holder, name, _node(path, value), ".".join(groups))
        self.added.append(entry)

    def text(self) -> str:
        """The file's new text, with its byte-order mark and line endings as they were."""
        text = self._dump(self.document) if self.edited or not self.original.strip() else self.original
        if self.added:
            if not self.sessions:
                self.document["sessions"] = CommentedSeq()
                text = re.sub(r"(?m)^sessions: \[\]\n", "sessions:\n", self._dump(self.document))
            items = self._dump({"sessions": self.added}).split("\n", 1)[1]
            gap = "\n" if self.sessions and _blank_between_items(text) else ""
            first, *others = re.split(r"(?m)^(?=" + " " * self.layout.offset + r"- )", items)[1:]
            text = text.rstrip("\n") + "\n" + gap + first + "".join(("\n" if gap else "") + item for item in others)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text

    def keeps_layout(self) -> bool:
        """Whether the file reads and writes back byte for byte (an unusual layout would be redrawn)."""
        return not self.original.strip() or self._dump(self.yaml.load(self.original)) == self.original

    def _dump(self, data: Any) -> str:
        out = io.StringIO()
        self.yaml.dump(data, out)
        return out.getvalue()


def _yaml(layout: Layout) -> YAML:
    handler = YAML()  # round-trip
    handler.preserve_quotes = True
    handler.width = 4096  # never fold a long note
    handler.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return handler


def _layout(text: str) -> Layout:
    """The indentation the file uses: of the '- ' of each session, and of a nested group's fields."""
    layout = Layout()
    dash = re.search(r"(?m)^( *)- ", text)
    if dash:
        layout.offset = len(dash.group(1))
        layout.sequence = layout.offset + 2
    nested = re.search(r"(?m)^( +)[a-z_]+:[ \t]*\n( +)[a-z_]+:", text)
    if nested and len(nested.group(2)) > len(nested.group(1)):
        layout.mapping = len(nested.group(2)) - len(nested.group(1))
    return layout


def _blank_between_items(text: str) -> bool:
    return re.search(r"\n[ \t]*\n(?:[ \t]*#[^\n]*\n)*[ \t]*- ", text) is not None


def _node(path: str, value: Any) -> Any:
    """A value as the schedule file should hold it, so that the schedule loader (PyYAML, YAML 1.1)
    reads back exactly the fact the sheet held."""
    if isinstance(value, dict):
        group = CommentedMap()
        for key, item in value.items():
            group[key] = _node(f"{path}.{key}", item)
        return group
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    text = str(getattr(value, "written", value))
    if path in DATES and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if path in QUOTED or _read_as_other_than_text(text):
        return DoubleQuotedScalarString(text)
    return text


def _read_as_other_than_text(text: str) -> bool:
    """Whether PyYAML would read this text, written bare, as something else (a number, true, null)."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != "tag:yaml.org,2002:str")


def _get(entry: CommentedMap, groups: list[str]) -> Any:
    holder: Any = entry
    for group in groups:
        holder = holder.get(group) if isinstance(holder, CommentedMap) else None
    return holder


def _insert(holder: CommentedMap, key: str, value: Any, group: str) -> None:
    """Insert ``key`` after the last field present that the schedule's order puts before it."""
    order = ORDER.get(group, ())
    before = order[:order.index(key)] if key in order else order
    position = 0
    for number, present in enumerate(holder):
        if present in before:
            position = number + 1
    holder.insert(position, key, value)


def _remove(holder: CommentedMap, key: str) -> None:
    """Remove a field; the comment lines after it (about the next field) go to the field before it."""
    keys = list(holder)
    if key not in holder:
        return
    comment = holder.ca.items.pop(key, None)
    rest = _split(comment[2].value)[1] if comment and comment[2] is not None else ""
    del holder[key]
    at = keys.index(key)
    if rest and at > 0:
        _attach(holder, keys[at - 1], rest)


def _split(value: str) -> tuple[str, str]:
    """A comment after a value: (the comment on the value's own line with its line end, the lines after)."""
    end = value.find("\n")
    return (value, "") if end < 0 else (value[:end + 1], value[end + 1:])


def _attach(holder: CommentedMap, key: str, rest: str) -> None:
    """Lines of comment (or blank) after ``key``'s line, kept after whatever ends that field."""
    value = holder[key]
    if isinstance(value, CommentedMap) and len(value):
        _attach(value, list(value)[-1], rest)
        return
    slots = holder.ca.items.setdefault(key, [None, None, None, None])
    own = _split(slots[2].value)[0] if slots[2] is not None else "\n"
    slots[2] = CommentToken(own + rest, CommentMark(0), None)


def _take_tail(entry: CommentedMap) -> str:
    """Detach the lines after a session (blank lines, the next session's comment) from its last field."""
    holder, key = entry, None
    while isinstance(holder, CommentedMap) and len(holder):
        key = list(holder)[-1]
        if not (isinstance(holder[key], CommentedMap) and len(holder[key])):
            break
        holder = holder[key]
    if key is None or not isinstance(holder, CommentedMap):
        return ""
    slots = holder.ca.items.get(key)
    if not slots or slots[2] is None:
        return ""
    own, rest = _split(slots[2].value)
    if own == "\n":
        slots[2] = None
        if not any(slots):
            del holder.ca.items[key]
    else:
        slots[2] = CommentToken(own, slots[2].start_mark, None)
    return rest


def _put_tail(entry: CommentedMap, rest: str) -> None:
    if rest and len(entry):
        _attach(entry, list(entry)[-1], rest)
