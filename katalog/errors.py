"""Problems found in a site's content, and the one exception that carries them.

Every problem names the file, the line (where YAML or front matter has one), the field
and a message in plain words, and prints as ``path:line: field: message``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from babel.messages.catalog import Catalog

from .messages import Message, msg


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    message: Message
    line: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR
    column: int | None = None
    place: Message | None = None  # where in a file that has no lines: a spreadsheet's sheet, row and column

    def __str__(self) -> str:
        return self.render(None)

    def render(self, catalog: Catalog | None) -> str:
        """``path:line[:column]: [warning: ]field: message`` in the catalogue's language; for a
        spreadsheet ``path: Sheet1 row 7, column C (mulai): message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        if self.place is not None:
            where += ": " + self.place.translated(catalog)
        text = self.message.translated(catalog)
        what = f"{self.field}: {text}" if self.field else text
        label = "" if self.severity is Severity.ERROR else msg("warning").translated(catalog) + ": "
        return f"{where}: {label}{what}"


class CommandLineError(Exception):
    """A value given on the command line that cannot be used (a busy --port): the CLI says
    so, as argparse does for a wrong one, and exits 2. Nothing about the content is wrong."""

    def __init__(self, option: str, message: Message) -> None:
        super().__init__(f"{option}: {message}")
        self.option, self.message = option, message


class ContentError(Exception):
    """Raised once per stage with every problem found (warnings included); the CLI prints
    them and exits 1."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


@dataclass
class Problems:
    """Collects problems of one build so that they can be reported together.

    ``root`` makes paths in messages relative to the site folder, as an editor sees them.
    """

    root: Path
    items: list[Problem] = field(default_factory=list)
    _root: str | None = field(default=None, repr=False)

    def where(self, path: Path | str) -> str:
        text = str(path)
        if not text.startswith("/"):
            return Path(text).as_posix()  # already as an editor sees it
        root = self._root_text()
        if text.startswith(root):
            return text[len(root):]
        resolved = str(Path(text).resolve())  # reached through a link
        return resolved[len(root):] if resolved.startswith(root) else Path(text).as_posix()

    def _root_text(self) -> str:
        if self._root is None:
            self._root = str(self.root.resolve()).rstrip("/") + "/"
        return self._root

    def error(self, path: Path | str, message: Message, line: int | None = None, field: str | None = None) -> None:
        self.items.append(Problem(self.where(path), message, line, field, Severity.ERROR))

    def warning(self, path: Path | str, message: Message, line: int | None = None, field: str | None = None) -> None:
        self.items.append(Problem(self.where(path), message, line, field, Severity.WARNING))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def raise_if_errors(self, strict: bool = False) -> None:
        """Stop the build if anything is wrong; under ``strict`` warnings count too. The
        warnings travel with the errors: an editor sees everything in one run."""
        if self.errors or (strict and self.warnings):
            raise ContentError(sorted(self.items, key=_order))


def _order(problem: Problem) -> tuple[str, int]:
    return (problem.path, problem.line or 0)
