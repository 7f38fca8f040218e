"""Guarded HTTP fetching with httpx.

Guards: http(s) only; every hop's host is resolved and refused when it points at loopback,
private, link-local, multicast, reserved or cloud-metadata space (unless ``allow_private``);
redirects are followed by hand so each hop is re-checked; bodies are capped while streaming,
after decompression, so a gzip bomb cannot fill memory; an overall deadline bounds slow servers.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import BlockedAddressError, FetchError

__all__ = ["Fetched", "Fetcher", "USER_AGENT", "check_url"]

log = logging.getLogger(__name__)

USER_AGENT = "factcheck/0.1 (+local fact-check assistant; news indexer)"

Resolver = Callable[[str], list[str]]


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _system_resolver(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}; check the URL") from None
    return sorted({info[4][0] for info in infos})


def _blocked_reason(ip_text: str) -> str | None:
    ip = ipaddress.ip_address(ip_text.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local (cloud metadata lives here)"
    if ip.is_private:
        return "private"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return "reserved"
    return None


def check_url(url: str, allow_private: bool, resolver: Resolver = _system_resolver) -> None:
    """Raise unless ``url`` is http(s) and its host resolves only to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url!r}; give a full http:// or https:// URL", url)
    if allow_private:
        return
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolver(host)
    for address in addresses:
        reason = _blocked_reason(address)
        if reason:
            raise BlockedAddressError(
                f"refused {url}: {host} resolves to {address}, a {reason} address; "
                "pass --allow-private (FACTCHECK_ALLOW_PRIVATE=1) if you trust it",
                url,
            )


class Fetcher:
    """One guarded HTTP client. ``transport`` is the test seam (``httpx.MockTransport``)."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        allow_private: bool = False,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = _system_resolver,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allow_private = allow_private
        self.resolver = resolver
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> Fetched:
        deadline = time.monotonic() + self.timeout * 2
        current = url
        for _hop in range(self.max_redirects + 1):
            check_url(current, self.allow_private, self.resolver)
            try:
                result = self._get_once(current, deadline)
            except httpx.TimeoutException:
                raise FetchError(f"timed out fetching {current}; retry later", url) from None
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {exc}", url) from None
            if result is None:
                raise FetchError(f"fetching {current} passed its deadline; retry later", url)
            if 300 <= result.status < 400 and "location" in result.headers:
                current = urljoin(current, result.headers["location"])
                log.debug("redirect to %s", current)
                continue
            if result.status >= 400:
                raise FetchError(f"HTTP {result.status} from {current}", url)
            return result
        raise FetchError(f"more than {self.max_redirects} redirects from {url}", url)

    def _get_once(self, url: str, deadline: float) -> Fetched | None:
        with self._client.stream("GET", url) as response:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(
                    f"{url} is {int(declared):,} bytes, over the cap of {self.max_bytes:,}", url
                )
            chunks: list[bytes] = []
            size = 0
            # iter_bytes yields decompressed data, so the cap also stops decompression bombs.
            for chunk in response.iter_bytes(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(
                        f"{url} body exceeds the cap of {self.max_bytes:,} bytes "
                        "(after decompression); raise max_bytes if you trust it",
                        url,
                    )
                if time.monotonic() > deadline:
                    return None
                chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                content_type=response.headers.get("content-type", ""),
                body=b"".join(chunks),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
