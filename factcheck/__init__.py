"""factcheck: a local-LLM fact-checker for recent news.

    >>> from factcheck import check_claim
    >>> verdict = check_claim("The Eagles won Super Bowl LX.", as_of="2026-02-10")
    >>> verdict.label, [c.url for c in verdict.citations]
"""

from .check import Checker, check_claim
from .config import Settings, load_settings
from .errors import (
    BlockedAddressError,
    ConfigError,
    ExtractError,
    FactcheckError,
    FetchError,
    InputError,
    ModelError,
    StoreError,
    StoreLockedError,
)
from .news.ingest import IngestReport, ingest
from .verdict import LABELS, Citation, Verdict

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "BlockedAddressError",
    "Checker",
    "Citation",
    "ConfigError",
    "ExtractError",
    "FactcheckError",
    "FetchError",
    "IngestReport",
    "InputError",
    "ModelError",
    "Settings",
    "StoreError",
    "StoreLockedError",
    "Verdict",
    "check_claim",
    "ingest",
    "load_settings",
]
