"""Reading editors' files safely: UTF-8 text, YAML with line numbers, front matter.

Files are read with limits so that a huge file, a YAML alias bomb or a symlink pointing
out of the site folder fails fast with a clear message instead of hanging the build.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem, Problems
from .messages import Message, msg

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000  # counted with aliases expanded: stops "billion laughs" documents


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of each key (1-based) and of itself."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def line_of(data: object, key: str) -> int | None:
    """The line of ``key`` in a mapping read from YAML; None for data that did not come from a file."""
    return data.line_of(key) if isinstance(data, Mapping) else None


class _KeyProblem(yaml.constructor.ConstructorError):
    """A mapping key we refuse (duplicate, or not a plain word), with its message."""

    def __init__(self, message: Message, mark: yaml.Mark) -> None:
        super().__init__(None, None, str(message), mark)
        self.message = message


class _LineLoader(yaml.CSafeLoader):
    """libyaml's safe loader, building :class:`Mapping` objects that know their lines."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[Mapping]:
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise _KeyProblem(msg("a key must be a plain word"), key_node.start_mark)
        key = str(key) if not isinstance(key, str) else key
        if key in mapping:
            raise _KeyProblem(msg("the key '{key}' appears twice", key=key), key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1


class WrittenFloat(float):
    """A YAML number with a fraction that remembers how it was written: ``fee: 150.000`` is
    read as 150.0, and only the text says that the editor meant a hundred and fifty thousand."""

    written: str


def _construct_float(loader: _LineLoader, node: yaml.ScalarNode) -> WrittenFloat:
    number = WrittenFloat(loader.construct_yaml_float(node))
    number.written = node.value
    return number


class WrittenInt(int):
    """A YAML whole number that remembers how it was written: YAML 1.1 reads ``0250000`` as an
    octal number (86016) and a phone ``0341551234`` as 59167388; the text keeps what was meant."""

    written: str


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> WrittenInt:
    number = WrittenInt(loader.construct_yaml_int(node))
    number.written = node.value
    return number


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# Dates stay text: the schema parses them itself, so that "2026-02-30" becomes a message
# naming the field instead of an exception from deep inside the YAML library.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, root: Path, display: str) -> str:
    """Read an editor's file as text: UTF-8 (a byte-order mark is dropped), LF line endings."""
    return decode_text(read_bytes(path, root, display), display)


def read_bytes(path: Path, root: Path | FolderGuard, display: str) -> bytes:
    """An editor's file as bytes, refused when it lies outside the site or is too large."""
    if not (root if isinstance(root, FolderGuard) else FolderGuard(root)).holds(path):
        raise ContentError([Problem(display, OUTSIDE)])
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise ContentError(
                    [Problem(display, msg("is too large ({size} KiB; the limit is {limit} KiB)", size=size // 1024,
                                          limit=MAX_FILE_BYTES // 1024))]
                )
            return handle.read()
    except OSError as exc:
        raise ContentError([Problem(display, msg("cannot be read: {reason}", reason=exc.strerror))]) from None


def decode_text(data: bytes, display: str) -> str:
    body = data.removeprefix(codecs.BOM_UTF8)  # the byte-order mark some Windows editors write first
    try:
        text = body.decode()  # UTF-8
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(display, msg("is not UTF-8 text; save it as UTF-8 in your editor"), line=line)]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


OUTSIDE = msg("is a link to a file outside the site folder; copy the file in instead")


def inside_folder(path: Path | str, folder: Path | str) -> bool:
    """Is ``path`` ``folder`` or inside it, every link followed? Resolving catches a linked file
    and a file inside a linked folder alike."""
    return FolderGuard(folder).holds(path)


class FolderGuard:
    """Tells whether files lie inside one folder, every link followed, for many files at once:
    the folder and each parent folder are resolved once, and a file that is not itself a link
    lies where its resolved parent does (resolving each of 5,000 sources whole took a third
    of the reading). Plain strings, not Paths: every source is checked on every build."""

    def __init__(self, folder: Path | str) -> None:
        self.root = os.path.realpath(folder)
        self._parents: dict[str, str] = {}

    def holds(self, path: Path | str) -> bool:
        path = os.fspath(path)
        parent, name = os.path.split(path)
        if os.path.islink(path) or name == "..":  # ("" and "." name the folder itself: as below)
            real = os.path.realpath(path)
        else:  # a name that is not a link lies where its folder does: that folder, resolved once
            if parent not in self._parents:
                self._parents[parent] = os.path.realpath(parent)
            real = self._parents[parent]
        return os.path.commonpath([real, self.root]) == self.root


def parse_yaml(text: str, display: str, first_line: int = 1) -> Any:
    """Parse one YAML document; ``first_line`` is where it starts in the file (front matter)."""
    try:
        node = yaml.compose(text, Loader=_LineLoader)
        if node is None:
            return None
        _check_size(node, display, first_line)
        loader = _LineLoader(text)
        try:
            value = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        message, mark = _plain_yaml_message(exc, text)
        line = (mark.line + first_line) if mark else None
        column = mark.column + 1 if mark else None
        problems = [Problem(display, message, line=line, column=column)]
        if message.template == TABS.template:  # an editor that writes tabs writes many: all at once
            problems += [Problem(display, TABS, line=number + first_line, column=found.end() - found.start())
                         for number, found in enumerate(_INDENTED_WITH_TAB.finditer(text))
                         if found.group(0) and number + first_line != line]
        raise ContentError(problems) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(display, msg("is not valid YAML: {reason}", reason=exc))]) from None
    _shift_lines(value, first_line - 1)
    return value


def _check_size(node: yaml.Node, display: str, first_line: int) -> None:
    """Count nodes with aliases expanded, giving up past the limit (alias bombs)."""
    budget = MAX_YAML_NODES
    stack = [node]
    while stack:
        current = stack.pop()
        budget -= 1
        if budget < 0:
            raise ContentError(
                [Problem(display, msg("is too large once its YAML aliases (*) are expanded; write the values out"),
                         line=node.start_mark.line + first_line)]
            )
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


TABS = msg("uses a tab character; indent with spaces only")
_INDENTED_WITH_TAB = re.compile(r"^(?:[ \t]*\t)?", re.MULTILINE)  # one match per line: its indentation up to a tab


def _plain_yaml_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[Message, Any]:
    """Turn libyaml's wording into something an editor can act on, at the line to fix."""
    mark = exc.problem_mark or exc.context_mark
    if isinstance(exc, _KeyProblem):
        return exc.message, mark
    problem, context = exc.problem or str(exc), exc.context or ""
    lines = text.split("\n")

    def line_at(number: int) -> str:
        return lines[number] if 0 <= number < len(lines) else ""

    if mark is not None and ("\t" in line_at(mark.line) or "'\\t'" in problem):
        return TABS, mark
    # An unclosed quote or bracket is reported where the file ends; the editor must look where it opened.
    if "quoted scalar" in context and exc.context_mark is not None:
        return msg("a quote opened on this line is never closed; end the value with the same quote mark"), \
            exc.context_mark
    if "flow" in context and exc.context_mark is not None:
        return msg("a '{{' or '[' opened on this line is never closed; close it, or put the "
                   "value in quotes (\"...\") if the bracket is part of the text"), exc.context_mark
    if mark is None:
        return msg("is not valid YAML: {reason}", reason=problem), mark
    if "mapping values are not allowed" in problem:
        if ":" in line_at(mark.line)[: mark.column]:
            return msg("has a colon in a value; put the value in quotes (\"...\")"), mark
        above = mark.line - 1
        while above > 0 and not line_at(above).strip():
            above -= 1
        if ":" not in line_at(above) and not line_at(above).lstrip().startswith("-"):
            return msg("this line is missing its colon; write it as 'field: value'"), _Line(above)
        return msg("this line is indented further than the field above it; line it up with spaces"), mark
    if "expected key" in problem or "'-' indicator" in problem or "could not find expected ':'" in problem:
        for number in (mark.line - 1, mark.line):
            if re.match(r"\s*-[^\s-]", line_at(number)):
                return msg("a list item needs a space after its '-'"), _Line(number)
        return msg("this line is not lined up with the lines around it; check the spaces at its start"), mark
    return msg("is not valid YAML: {reason}", reason=problem), mark


@dataclass(frozen=True)
class _Line:
    """A place in a YAML text that we point at ourselves (0-based like libyaml's marks)."""

    line: int
    column: int = 0


def _shift_lines(value: Any, offset: int) -> None:
    if not offset:
        return
    if isinstance(value, Mapping):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shift_lines(item, offset)


def load_yaml_file(path: Path, root: Path, display: str) -> Any:
    return parse_yaml(read_text(path, root, display), display)


def read_yaml(path: Path, root: Path, display: str, problems: Problems) -> Any:
    """A YAML file's data, or None (with the problem recorded) so that reading goes on."""
    try:
        return load_yaml_file(path, root, display)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None


@dataclass(frozen=True)
class FrontMatterDocument:
    meta: Mapping
    body: str
    body_line: int  # line in the file where the body starts


_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str, display: str) -> FrontMatterDocument:
    """Split ``---``-fenced YAML front matter from the Markdown body."""
    if not text.startswith("---"):
        raise ContentError(
            [Problem(display, msg("must start with front matter: a line '---', the fields, and another '---'"), line=1)]
        )
    first = text.split("\n", 1)
    if first[0].strip() != "---":
        raise ContentError([Problem(display, msg("the first line must be exactly '---'"), line=1)])
    rest = first[1] if len(first) > 1 else ""
    end = _FENCE.search(rest)
    if end is None:
        raise ContentError([Problem(display, msg("the front matter is not closed by a line '---'"), line=1)])
    meta = parse_yaml(rest[: end.start()], display, first_line=2)
    if meta is None:
        meta = Mapping()
        meta.line, meta.key_lines = 1, {}
    if not isinstance(meta, Mapping):
        raise ContentError([Problem(display, msg("the front matter must be 'field: value' lines"), line=2)])
    body = rest[end.end():].lstrip("\n")
    body_line = 2 + rest[: end.end()].count("\n") + (len(rest[end.end():]) - len(body))
    return FrontMatterDocument(meta, body, body_line)
