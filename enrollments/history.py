"""One row of an admin history table (`templates/includes/admin_history.html`): certificates, applications."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class HistoryRow:
    """Who did what and when, with details (a reason, a note) or ""."""

    timestamp: datetime
    who: str
    action: str
    details: str
