"""Import spaCy without importing torch.

thinc, spaCy's machine-learning library, imports torch when it is installed (to offer PyTorch
layers), which takes seconds; sentence-transformers installs torch here. The pipelines the
evidence judge loads are thinc's own models and never use it, so torch is hidden while spaCy
is first imported: thinc then records that torch is absent. torch stays importable afterwards
for whatever needs it (the embedding model's export, sentence-transformers).
"""

from __future__ import annotations

import sys

__all__ = ["import_spacy"]


def import_spacy():
    """The ``spacy`` module; on its first import, without torch (unless torch is loaded)."""
    if "thinc.compat" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    # A None entry makes "import torch" raise ImportError, which thinc catches. Another thread
    # importing torch at this moment would fail too; spaCy is imported on the thread that runs
    # checks, before any model of that thread needs torch.
    sys.modules["torch"] = None
    try:
        import spacy
    finally:
        if sys.modules.get("torch", ...) is None:
            del sys.modules["torch"]
    return spacy
