"""Every error PolicyKG raises on purpose derives from one root.

    PolicyKGError
    ├── InputError            bad input a user can fix (file, query, parameter)
    │   ├── ReadError         a file cannot be read (missing, unsupported, binary, scanned, encoding)
    │   ├── ParseError        text was read but cannot be parsed (carries an offset)
    │   ├── QueryError        a query is rejected or fails (syntax, write clause, timeout)
    │   └── UnknownQueryError a catalogue name that does not exist (lists the available ones)
    ├── StoreError            the graph store cannot do what was asked
    │   ├── StoreUnavailableError  cannot open or connect (locked, unreachable, bad URI)
    │   ├── DiskFullError          no room to write; what was stored before is intact
    │   └── PlanNotFoundError      no stored plan with that id
    └── ExportError           an export format or target is not possible

The CLI turns an ``InputError`` into exit code 1 and one line on stderr;
``StoreError`` and ``ExportError`` also exit 1. Messages name the input and,
where there is a choice, what would have worked.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Root of every error PolicyKG raises deliberately."""


class InputError(PolicyKGError, ValueError):
    """Input that a user can correct."""


class ReadError(InputError):
    """A file that cannot be read; the message names the file and, when known, the byte offset."""

    def __init__(self, source: str, message: str, offset: int | None = None):
        self.source, self.offset = source, offset
        where = f"{source}" if offset is None else f"{source}: byte {offset}"
        super().__init__(f"{where}: {message}")


class ParseError(InputError):
    """Text that was read but cannot be parsed; carries the character offset."""

    def __init__(self, source: str, message: str, offset: int | None = None):
        self.source, self.offset = source, offset
        where = f"{source}" if offset is None else f"{source}: char {offset}"
        super().__init__(f"{where}: {message}")


class QueryError(InputError):
    """A query that is rejected (write clause, bad parameter) or fails (syntax, timeout)."""


class UnknownQueryError(QueryError, KeyError):
    """A catalogue query name that does not exist."""

    def __init__(self, name: str, available: list[str] | tuple[str, ...]):
        self.name, self.available = name, tuple(available)
        super().__init__(f"Unknown query {name!r}. Available: {', '.join(sorted(available))}")

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class StoreError(PolicyKGError):
    """The graph store cannot do what was asked."""


class StoreUnavailableError(StoreError):
    """The store cannot be opened or reached (locked by another writer, unreachable, bad URI)."""


class DiskFullError(StoreError):
    """The store's file system has no room for a write; nothing already stored is lost."""


class PlanNotFoundError(StoreError, KeyError):
    """No stored plan with the given id."""

    def __str__(self) -> str:
        return self.args[0]


class ExportError(PolicyKGError):
    """An export that cannot be produced."""
