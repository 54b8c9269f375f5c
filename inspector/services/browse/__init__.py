"""Browsing past inspections: search and pages, the CSV report, summaries, one inspection's detail.

Callers import from `inspector.services.browse`, this face. One module per concern:

- `tables`: the tables browsing reads, as SQLAlchemy Core tables;
- `queries`: filters and search as indexed SQL, keyset pages, the filter drop-downs;
- `csv_export`: the filtered list as a CSV file, written whole or not at all;
- `summary`: grouped counts for the daily report (per day, decision, operator, SKU, buyer);
- `detail`: one inspection's video files, history and step marks; notes; re-hashing its videos;
- `thumbnails`: the list's small pictures, cached by the video's hash.
"""

from inspector.i18n.clock import format_local  # the lists and the CLI show it
from inspector.services.browse.csv_export import CSV_COLUMNS, export_csv
from inspector.services.browse.detail import (
    NOTE_KIND,
    NOTE_MAX_CHARS,
    HistoryEntry,
    InspectionDetail,
    OrderLineInfo,
    SegmentCheck,
    SegmentInfo,
    StepMark,
    VideoCheck,
    add_note,
    load_detail,
    verify_video,
)
from inspector.services.browse.queries import (
    PAGE_SIZE,
    BrowseFilter,
    BrowseRow,
    Cursor,
    FilterChoices,
    Match,
    Page,
    Sort,
    SortColumn,
    count_matching,
    fetch_page,
    filter_choices,
    find_by_code,
    iter_rows,
    local_day_bounds,
    page_query,
)
from inspector.services.browse.summary import BrowseSummary, summarize
from inspector.services.browse.thumbnails import (
    THUMB_WIDTH,
    ensure_thumbnail,
    make_thumbnail,
    thumbnail_path,
    thumbnails_dir,
)

__all__ = [
    "CSV_COLUMNS",
    "NOTE_KIND",
    "NOTE_MAX_CHARS",
    "PAGE_SIZE",
    "THUMB_WIDTH",
    "BrowseFilter",
    "BrowseRow",
    "BrowseSummary",
    "Cursor",
    "FilterChoices",
    "HistoryEntry",
    "InspectionDetail",
    "Match",
    "OrderLineInfo",
    "Page",
    "SegmentCheck",
    "SegmentInfo",
    "Sort",
    "SortColumn",
    "StepMark",
    "VideoCheck",
    "add_note",
    "count_matching",
    "ensure_thumbnail",
    "export_csv",
    "fetch_page",
    "filter_choices",
    "find_by_code",
    "format_local",
    "iter_rows",
    "load_detail",
    "local_day_bounds",
    "make_thumbnail",
    "page_query",
    "summarize",
    "thumbnail_path",
    "thumbnails_dir",
    "verify_video",
]
