"""Evidence for platform appeals: export a bundle or a clip, check bundles, list appeals due.

Exports are generators that yield `Progress`, so the GUI's progress bar and the CLI's
text show the same steps; closing the generator (Cancel) or any failure leaves nothing
behind. One module per concern:

- `source`: which inspection and which video an export takes;
- `report_facts`: the facts a report shows about an inspection, in the report's language;
- `waybill`: waybill sightings: when the courier number's barcode was legible on camera;
- `zip_writing`: low-level ZIP writing for bundles: fast, hashed copies of the video;
- `exports`: what every export leaves behind: its record as handed out, in the history too;
- `bundle`: the evidence bundle (.zip) a platform reviewer receives;
- `clips`: the appeal clip: a short re-encoded cut that fits a platform's upload limits;
- `verification`: checking a bundle against its manifest and the database; the whole chain;
- `appeals`: appeal deadlines: rejected and disputed inspections and the days left to claim;
- `batch`: many bundles at once into one folder, with summary.csv;
"""

from inspector.core.progress import Progress, run_with_progress
from inspector.services.evidence.appeals import AppealDue, appeal_for, appeals_due, days_left
from inspector.services.evidence.batch import (
    SUMMARY_COLUMNS,
    batch_targets,
    export_batch,
    read_order_list,
)
from inspector.services.evidence.bundle import BundleResult, export_bundle
from inspector.services.evidence.clips import ClipExport, default_clip_range, export_clip
from inspector.services.evidence.report_facts import (
    add_guided_facts,
    event_words,
    gather_report,
    report_language,
)
from inspector.services.evidence.source import find_inspection
from inspector.services.evidence.verification import (
    BundleVerification,
    verify_all,
    verify_bundle_file,
)
from inspector.services.evidence.waybill import (
    WAYBILL_READ,
    WAYBILL_SCANNED,
    WAYBILL_SEARCH_SECONDS,
    locate_waybill,
    record_waybill_sighting,
)

__all__ = [
    "AppealDue",
    "BundleResult",
    "BundleVerification",
    "ClipExport",
    "Progress",
    "SUMMARY_COLUMNS",
    "WAYBILL_READ",
    "WAYBILL_SCANNED",
    "WAYBILL_SEARCH_SECONDS",
    "add_guided_facts",
    "appeal_for",
    "appeals_due",
    "batch_targets",
    "days_left",
    "default_clip_range",
    "event_words",
    "export_batch",
    "export_bundle",
    "export_clip",
    "find_inspection",
    "gather_report",
    "locate_waybill",
    "read_order_list",
    "record_waybill_sighting",
    "report_language",
    "run_with_progress",
    "verify_all",
    "verify_bundle_file",
]
