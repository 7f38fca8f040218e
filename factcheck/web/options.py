"""Checks on the app's command-line options, cheap enough to run before gradio is imported."""

from __future__ import annotations

import socket

from ..errors import InputError

__all__ = ["check_port", "parse_auth"]


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError("--auth must be USER:PASSWORD, e.g. --auth alice:s3cret")
    return user, password


def check_port(host: str, port: int) -> None:
    """Fail with one line before loading anything when the address cannot be bound."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another "
                         "--port (or FACTCHECK_PORT) or stop what is using it") from None
