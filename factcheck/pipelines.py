"""Loading a pinned spaCy pipeline package: the judge's weights were fitted on one version's
parses, so another version is refused with the command that installs the right one."""

from __future__ import annotations

from .errors import ModelError

__all__ = ["load_checked"]


def load_checked(package: str, meta: tuple[str, str], install: str, what: str):
    try:
        from .spacy_import import import_spacy

        spacy = import_spacy()
    except ImportError:  # pragma: no cover - a dependency of the project
        raise ModelError("spaCy is missing; reinstall factcheck (pip install -e .)") from None
    try:
        nlp = spacy.load(package)
    except (OSError, ImportError):
        raise ModelError(f"the {what} pipeline {package} is missing; pip install {install}"
                         ) from None
    found = (nlp.meta.get("name"), nlp.meta.get("version"))
    if found != meta:
        raise ModelError(f"the {what} pipeline is {found[0]} {found[1]}, not {meta[0]} "
                         f"{meta[1]}; pip install {install}")
    return nlp
