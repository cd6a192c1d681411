"""What an import reports: rows read, imported and skipped, and each problem (row, column, reason)."""

from dataclasses import dataclass, field
from typing import Any

from thanrak.core.tabular import Issue

MAX_LISTED = 1_000  # problems listed in a report; the rest are counted


@dataclass
class ImportReport:
    kind: str
    dry_run: bool = False
    skip_invalid: bool = False
    encoding: str = ""
    rows: int = 0  # data rows read
    imported: int = 0  # records written (would be written, on a dry run)
    skipped: list[int] = field(default_factory=list)  # rows not imported
    issues: list[Issue] = field(default_factory=list)  # the first MAX_LISTED problems
    unlisted: int = 0  # problems found beyond those listed
    given: dict[str, str] = field(default_factory=dict)  # column → its header as the file wrote it

    def add(self, issue: Issue) -> None:
        if len(self.issues) < MAX_LISTED:
            self.issues.append(issue)
        else:
            self.unlisted += 1

    @property
    def problems(self) -> int:
        return len(self.issues) + self.unlisted

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "encoding": self.encoding,
            "rows": self.rows,
            "imported": self.imported,
            "skipped": len(self.skipped),
            "skipped_rows": self.skipped[:MAX_LISTED],
            "issues": [self._as_written(i.as_dict()) for i in self.issues],
            "unlisted": self.unlisted,
        }

    def _as_written(self, issue: dict[str, Any]) -> dict[str, Any]:
        """A problem names its column as the file's header wrote it ("เลขประจำตัวประชาชน", not citizen_id)."""
        column = issue.get("column")
        return {**issue, "column": self.given.get(column, column)} if column else issue


class ImportRejected(Exception):
    """Nothing was written: the file, or at least one row, is wrong (all-or-nothing)."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.issues = report.issues
        super().__init__("; ".join(i.en for i in report.issues[:5]))


class Rollback(Exception):
    pass
