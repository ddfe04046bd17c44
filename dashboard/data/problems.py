"""Problems found in a data package, and the error that carries them.

One shape for every check so the CLI, the start-up refusal and the tests all say the same thing:
which file, which row, which column, and why.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None  # 1-based data row (the header is not counted); None when the whole file or column is wrong
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.reason}"


class DataPackageError(Exception):
    """Raised when a data package fails validation; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.reason))
        first = self.problems[0] if self.problems else "no details"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"data package refused: {first}{more}")
