"""The one exception tree of factcheck.

Every error a user can cause or fix derives from :class:`FactcheckError`; its message is a single
line that says what went wrong and how to fix it. Front ends print that line and exit non-zero.

    FactcheckError
    ├── InputError          bad claim, date, option or file given by the user
    ├── ConfigError         a settings file or environment variable that cannot be used
    ├── FetchError          a URL that could not be fetched (timeout, size cap, HTTP status)
    │   └── BlockedAddressError   the URL resolves to a loopback/private/link-local address
    ├── ExtractError        a page with no extractable article text
    ├── ModelError          a GGUF file that is missing, corrupt or cannot be loaded
    └── StoreError          the index cannot be opened or written
        └── StoreLockedError      another process is writing to the same store
"""

from __future__ import annotations

__all__ = [
    "FactcheckError",
    "InputError",
    "ConfigError",
    "FetchError",
    "BlockedAddressError",
    "ExtractError",
    "ModelError",
    "StoreError",
    "StoreLockedError",
]


class FactcheckError(Exception):
    """Base class: a one-line, user-fixable error."""


class InputError(FactcheckError):
    pass


class ConfigError(FactcheckError):
    pass


class FetchError(FactcheckError):
    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class BlockedAddressError(FetchError):
    pass


class ExtractError(FactcheckError):
    pass


class ModelError(FactcheckError):
    pass


class StoreError(FactcheckError):
    pass


class StoreLockedError(StoreError):
    pass
