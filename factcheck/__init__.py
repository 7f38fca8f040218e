"""factcheck: a local-LLM fact-checker for recent news.

    >>> from factcheck import check_claim
    >>> verdict = check_claim("The Eagles won Super Bowl LX.", as_of="2026-02-10")
    >>> verdict.label, [c.url for c in verdict.citations]
"""

from importlib import import_module

# The public names, loaded on first use (PEP 562): importing any part of factcheck (the
# command line's --help, a stats run) should not import the checker and the ingest pipeline
# with their HTTP, feed and numerical libraries.
_EXPORTS = {
    "Checker": ".check", "check_claim": ".check",
    "Settings": ".config", "load_settings": ".config",
    "BlockedAddressError": ".errors", "ConfigError": ".errors", "ExtractError": ".errors",
    "FactcheckError": ".errors", "FetchError": ".errors", "InputError": ".errors",
    "ModelError": ".errors", "StoreError": ".errors", "StoreLockedError": ".errors",
    "IngestReport": ".news.ingest", "ingest": ".news.ingest",
    "LABELS": ".verdict", "Citation": ".verdict", "Verdict": ".verdict",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


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
