"""The web chat (Gradio). Run ``factcheck app`` or ``python app.py``."""

from .app import build_app, launch, parse_auth, serve
from .engine import Engine

__all__ = ["Engine", "build_app", "launch", "parse_auth", "serve"]
