"""Which column of an export means what, and whose export it is: pure, from the header alone.

The header row is the row among the first ones whose cells mean the most fields. Each cell
is looked up in the field dictionary (core/field_dictionary.py); a waybill or carrier column
is the return's in a returns report and the outbound parcel's otherwise. The platform is the
one whose own columns (markers) the file has most of; a known report's signature settles a
tie; when platforms still fit equally, or nothing tells, the platform is left open with the
candidates, and the caller asks (never a silent guess). The app's own CSV is recognised by
its own column names only, spelt as it writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from inspector.core.field_dictionary import (
    CARRIER,
    PLATFORM_DATE_ORDER,
    REPORTS,
    WAYBILL,
    DateOrder,
    Field,
    Kind,
    Report,
    header_word,
    marker_index,
    word_index,
)
from inspector.i18n.vocabulary import platform_word

HEADER_SEARCH_ROWS = 20
# The app's own CSV: these names, as it writes them, make it the app's file.
APP_COLUMNS = (
    "order_number",
    "platform",
    "buyer",
    "sku",
    "quantity",
    "serials",
    "ship_date",
    "return_requested",
    "return_courier",
    "courier_supplied",
    "return_carrier",
    "reason",
    "outbound_waybill",
    "outbound_carrier",
)
APP_REQUIRED = ("order_number", "platform", "sku", "ship_date")
# A field read from a dictionary word or a known report's column is certain; a waybill or
# carrier column's direction told only by the report's other columns is a guess to check.
CERTAIN = 1.0
DIRECTION_GUESSED = 0.7
_RETURN_FIELDS = (
    Field.RETURN_ID,
    Field.RETURN_REQUESTED,
    Field.RETURN_WAYBILL,
    Field.WAYBILL_SUPPLIED,
    Field.RETURN_CARRIER,
)


@dataclass(frozen=True)
class ColumnGuess:
    """One field and the column it is read from."""

    field: str
    index: int
    header: str
    confidence: float
    why: str  # "dictionary word", "Amazon returns report"


@dataclass(frozen=True)
class Recognition:
    """What the recogniser made of a file's header row."""

    header_line: int
    header: list[str]
    columns: dict[str, ColumnGuess]  # field -> its column
    kind: Kind
    platform: str  # "" when not known: see candidates
    candidates: tuple[str, ...] = ()  # platforms that fit equally (the caller asks)
    report: Report | None = None
    is_app: bool = False
    unknown_columns: tuple[str, ...] = ()  # the app CSV's columns it does not know
    date_order: DateOrder | None = None
    markers: dict[str, int] = field(default_factory=dict)  # platform -> its columns found

    @property
    def platform_known(self) -> bool:
        """True when every row's platform is known: told by the file or a column names it."""
        return bool(self.platform) or Field.PLATFORM in self.columns

    @property
    def name(self) -> str:
        """The file as the result names it: 'Taobao refund report', 'Etsy export'."""
        if self.is_app:
            return "orders CSV"
        if self.report is not None:
            return self.report.name
        what = "returns report" if self.kind == Kind.RETURNS else "order export"
        owner = platform_word(self.platform) if self.platform else ""
        return (
            f"{owner} {what} (recognised by its columns)"
            if owner
            else f"{what} (recognised by its columns)"
        )

    @property
    def key(self) -> str:
        if self.is_app:
            return "app"
        if self.report is not None:
            return self.report.key
        return f"{self.platform or 'unknown'}_{self.kind}"

    def describe(self) -> list[str]:
        """The guess as lines of text (the CLI's --guess prints them)."""
        lines = [
            f"Header on line {self.header_line}: {self.name}, "
            f"{'a returns report' if self.kind == Kind.RETURNS else 'orders'}.",
        ]
        if self.platform:
            told = (
                f"its columns {', '.join(_marker_words(self.header, self.platform))}"
                if self.markers.get(self.platform)
                else "its report's columns"
            )
            lines.append(
                f"Platform: {platform_word(self.platform)} (--platform {self.platform}; "
                f"told by {told})."
            )
        elif Field.PLATFORM in self.columns:
            lines.append("Platform: read from each row's platform column.")
        elif self.candidates:
            lines.append(
                f"Platform: not told: {', '.join(self.candidates)} fit equally; "
                "name it with --platform."
            )
        else:
            lines.append("Platform: no column tells it; name it with --platform.")
        if self.date_order:
            lines.append(f"Dates: {self.date_order} where the day and month could be swapped.")
        for name, guess in sorted(self.columns.items(), key=lambda kv: kv[1].index):
            lines.append(
                f"  {name:18} <- column {guess.index + 1} {guess.header.strip()!r} "
                f"({guess.why}, confidence {guess.confidence:.0%})"
            )
        mapped = {g.index for g in self.columns.values()}
        ignored = [c.strip() for i, c in enumerate(self.header) if c.strip() and i not in mapped]
        if ignored:
            lines.append(f"  not read: {', '.join(ignored)[:400]}")
        return lines


def _marker_words(header: Sequence[str], platform: str) -> list[str]:
    markers = marker_index()
    return [c.strip() for c in header if platform in markers.get(header_word(c), ())]


def platform_scores(header: Sequence[str]) -> dict[str, int]:
    """How many of each platform's own columns the header has."""
    markers = marker_index()
    scores: dict[str, int] = {}
    for word in {header_word(c) for c in header if c.strip()}:
        for platform in markers.get(word, ()):
            scores[platform] = scores.get(platform, 0) + 1
    return scores


def _is_app(header: Sequence[str]) -> tuple[bool, tuple[str, ...]]:
    """The app's CSV: its required columns spelt as it writes them, or nothing but its own
    columns (then a missing one is named); the columns it does not know are refused."""
    names = [c.strip().lstrip("\ufeff").casefold() for c in header if c.strip()]
    own = "order_number" in names and all(n in APP_COLUMNS for n in names)
    if not own and not set(APP_REQUIRED) <= set(names):
        return False, ()
    return True, tuple(
        c.strip()
        for c in header
        if c.strip() and c.strip().lstrip("\ufeff").casefold() not in APP_COLUMNS
    )


def _matching_reports(words: set[str]) -> list[Report]:
    found = [r for r in REPORTS if all(header_word(s) in words for s in r.signature)]
    return sorted(found, key=lambda r: -len(r.signature))


def recognise_header(header: Sequence[str], line: int = 1, platform: str = "") -> Recognition:
    """What each column of this header row means, and whose export it is.

    `platform` is the operator's answer when the file does not tell (or tells wrongly).
    """
    header = list(header)
    app, unknown = _is_app(header)
    if app:
        columns = {
            c.strip().lstrip("\ufeff").casefold(): ColumnGuess(
                c.strip().lstrip("\ufeff").casefold(), i, c, CERTAIN, "the app's own column"
            )
            for i, c in reversed(list(enumerate(header)))
            if c.strip().lstrip("\ufeff").casefold() in APP_COLUMNS
        }
        return Recognition(
            line, header, columns, Kind.ORDERS, platform, (), None, True, unknown, None
        )
    words = {header_word(c) for c in header if c.strip()}
    scores = platform_scores(header)
    reports = _matching_reports(words)
    candidates: tuple[str, ...] = ()
    if platform:
        chosen = platform
    else:
        chosen = ""
        if scores:
            top = max(scores.values())
            tied = sorted(p for p, s in scores.items() if s == top)
            if len(tied) == 1:
                chosen = tied[0]
            else:
                settled = {r.platform for r in reports if r.platform in tied}
                if len(settled) == 1:
                    chosen = settled.pop()
                else:
                    candidates = tuple(tied)
        elif reports:
            best = [r for r in reports if len(r.signature) == len(reports[0].signature)]
            owners = sorted({str(r.platform) for r in best})
            if len(owners) == 1:
                chosen = owners[0]
            else:
                candidates = tuple(owners)
    report = next((r for r in reports if r.platform == chosen), None)
    columns = _columns(header, report)
    kind = report.kind if report is not None else _kind(columns)
    columns = _directed(columns, kind, guessed=report is None)
    date_order = (report.date_order if report else None) or PLATFORM_DATE_ORDER.get(chosen)
    return Recognition(
        line, header, columns, kind, chosen, candidates, report, False, (), date_order, scores
    )


def _columns(header: Sequence[str], report: Report | None) -> dict[str, ColumnGuess]:
    """Each field's column by the dictionary (its most telling word wins), then the report's own."""
    index = word_index()
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    for i, cell in enumerate(header):
        if not cell.strip():
            continue
        hit = index.get(header_word(cell))
        if hit is None:
            continue
        name, rank = hit
        if name not in best or rank < best[name][0]:
            best[name] = (rank, i)
    columns = {
        name: ColumnGuess(name, i, header[i], CERTAIN, "dictionary word")
        for name, (_, i) in best.items()
    }
    if report is not None:
        where = {header_word(c): i for i, c in reversed(list(enumerate(header))) if c.strip()}
        for name, names in report.columns.items():
            for column in names:
                if header_word(column) in where:
                    i = where[header_word(column)]
                    columns[str(name)] = ColumnGuess(str(name), i, header[i], CERTAIN, report.name)
                    break
    if Field.ORDER_NUMBER not in columns and Field.SUB_ORDER_NUMBER in columns:
        # A report of sub-orders only (Meesho): each sub-order is the order the desk inspects.
        sub = columns[Field.SUB_ORDER_NUMBER]
        columns[Field.ORDER_NUMBER] = ColumnGuess(
            Field.ORDER_NUMBER, sub.index, sub.header, CERTAIN, "sub-order number"
        )
    return columns


def _kind(columns: dict[str, ColumnGuess]) -> Kind:
    return Kind.RETURNS if any(f in columns for f in _RETURN_FIELDS) else Kind.ORDERS


def _directed(columns: dict[str, ColumnGuess], kind: Kind, guessed: bool) -> dict[str, ColumnGuess]:
    """A plain waybill or carrier column is the return's in a returns report, else the outbound's
    (a guess when no known report says which report this is)."""
    out = dict(columns)
    for plain, to_return, to_outbound in (
        (WAYBILL, Field.RETURN_WAYBILL, Field.OUTBOUND_WAYBILL),
        (CARRIER, Field.RETURN_CARRIER, Field.OUTBOUND_CARRIER),
    ):
        guess = out.pop(plain, None)
        if guess is None:
            continue
        target = to_return if kind == Kind.RETURNS else to_outbound
        if target not in out:
            out[str(target)] = ColumnGuess(
                str(target),
                guess.index,
                guess.header,
                DIRECTION_GUESSED if guessed else guess.confidence,
                f"{guess.why}; {'a returns' if kind == Kind.RETURNS else 'an order'} report's"
                if guessed
                else guess.why,
            )
    return out


def header_score(cells: Sequence[str]) -> int:
    """How many cells of a row are header words (a title row or a data row scores 0 or 1)."""
    index, markers = word_index(), marker_index()
    return sum(
        1 for c in cells if c.strip() and (header_word(c) in index or header_word(c) in markers)
    )


def find_header(head: Iterable[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """The row of the first ones that holds the most header words (at least two), or None."""
    best: tuple[int, int, list[str]] | None = None
    for line, cells in list(head)[:HEADER_SEARCH_ROWS]:
        if _is_app(cells)[0]:
            return line, cells
        score = header_score(cells)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, line, cells)
    return (best[1], best[2]) if best else None


def recognise(head: Iterable[tuple[int, list[str]]], platform: str = "") -> Recognition | None:
    """The file's header row and what it means, or None when no row has an order number."""
    found = find_header(head)
    if found is None:
        return None
    result = recognise_header(found[1], found[0], platform)
    return result if Field.ORDER_NUMBER in result.columns else None
