"""A problem found in an editor's correction file: plain data, importable without the correction rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SidecarWarning:
    """A problem in a correction file: the file (archive-relative), the line if known, and what is wrong."""

    path: str
    line: int | None
    message: str

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
