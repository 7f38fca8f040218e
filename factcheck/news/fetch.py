"""Guarded HTTP fetching with httpx.

Guards: http(s) only; every hop's host is resolved and refused when it points at loopback,
private, link-local, multicast, reserved or cloud-metadata space (unless ``allow_private``);
the connection goes to the very address that was checked (a second DNS answer cannot rebind
the host to a private address between check and connect); redirects are followed by hand so
each hop is re-checked; bodies are read raw and decompressed here, at most 64 KiB of output per
step, so neither the wire size nor one compressed chunk can blow past the byte cap (a gzip bomb
stays bounded); an overall deadline bounds slow servers, also one that sends a byte at a time:
every socket read waits at most until the deadline; 429 and 5xx answers are retried a bounded
number of times, honouring Retry-After.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..errors import BlockedAddressError, FetchError

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["Fetched", "Fetcher", "USER_AGENT", "check_url", "retry_after_seconds"]

log = logging.getLogger(__name__)

USER_AGENT = "factcheck/0.1 (+local fact-check assistant; news indexer)"

Resolver = Callable[[str], list[str]]

_STEP = 65536  # most decompressed bytes produced per step
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_METADATA_HOSTS = {"169.254.169.254", "fd00:ec2::254", "100.100.100.200"}


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _system_resolver(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}; check the URL") from None
    return sorted({info[4][0] for info in infos})


def _blocked_reason(ip_text: str) -> str | None:
    ip = ipaddress.ip_address(ip_text.split("%")[0])
    mapped = ""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip in _NAT64:  # 64:ff9b::a.b.c.d reaches a.b.c.d through NAT64
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            ip, mapped = inner, " (IPv4 inside IPv6)"
    if str(ip) in _METADATA_HOSTS:
        return "cloud-metadata" + mapped
    if ip.is_loopback:
        return "loopback" + mapped
    if ip.is_link_local:
        return "link-local (cloud metadata lives here)" + mapped
    if ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT):
        return "private" + mapped
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return "reserved" + mapped
    return None


def _addresses(host: str, resolver: Resolver) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        return resolver(host)


def _refuse_private(url: str, host: str, addresses: list[str]) -> None:
    for address in addresses:
        reason = _blocked_reason(address)
        if reason:
            raise BlockedAddressError(
                f"refused {url}: {host} resolves to {address}, a {reason} address; "
                "pass --allow-private (FACTCHECK_ALLOW_PRIVATE=1) if you trust it",
                url,
            )


def check_url(url: str, allow_private: bool, resolver: Resolver = _system_resolver) -> None:
    """Raise unless ``url`` is http(s) and its host resolves only to public addresses."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError as exc:  # "http://[oops/x": a feed's typo must not look like a crash
        raise FetchError(f"not a valid URL: {url!r} ({exc}); check the link", url) from None
    if parts.scheme not in {"http", "https"} or not host:
        raise FetchError(f"not an http(s) URL: {url!r}; give a full http:// or https:// URL", url)
    if not allow_private:
        _refuse_private(url, host, _addresses(host, resolver))


_deadline = threading.local()  # the running get()'s deadline, per thread (a Fetcher is shared)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose reads and writes never wait past the running request's deadline: a
    server that drips one byte a second would otherwise reset the read timeout forever."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    @staticmethod
    def _clip(timeout: float | None, error: type[Exception]) -> float | None:
        deadline = getattr(_deadline, "at", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("the fetch passed its deadline")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        timeout = self._clip(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _PinnedBackend(httpcore.SyncBackend):
    """Resolves the host once, checks every address, and connects to a checked address; TLS
    still verifies and sends the host name (httpcore takes SNI and Host from the URL)."""

    def __init__(self, allow_private: bool, resolver: Resolver) -> None:
        self.allow_private = allow_private
        self.resolver = resolver

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options=None):
        addresses = _addresses(host, self.resolver)
        if not self.allow_private:
            _refuse_private(f"http://{host}:{port}/", host, addresses)
        error: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(address, port, timeout, local_address,
                                             socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream)
        raise error or httpcore.ConnectError(f"no address for {host}")


def _pinned_transport(allow_private: bool, resolver: Resolver) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False)
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):  # httpcore changed its insides: fail loudly
        raise RuntimeError("httpcore.ConnectionPool has no _network_backend; pin httpcore 1.x")
    pool._network_backend = _PinnedBackend(allow_private, resolver)
    return transport


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit() also says yes to "²"
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class _Decoder:
    """Content-Encoding undone in bounded steps: each call emits at most ``_STEP`` bytes."""

    def __init__(self, encoding: str, url: str) -> None:
        enc = encoding.strip().lower()
        self._d = None
        if enc in {"gzip", "x-gzip"}:
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._d = "deflate"  # zlib-wrapped or raw; decided on the first bytes
        elif enc not in {"", "identity"}:
            raise FetchError(f"{url} uses content encoding {enc!r}, which factcheck does not "
                             "decode; ask the site for gzip", url)

    def decode(self, data: bytes):
        if self._d is None:
            for i in range(0, len(data), _STEP):
                yield data[i : i + _STEP]
            return
        if self._d == "deflate":
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        buf = data
        while buf and not self._d.eof:
            out = self._d.decompress(buf, _STEP)
            buf = self._d.unconsumed_tail
            if out:
                yield out


class Fetcher:
    """One guarded HTTP client, safe to share between threads.

    ``transport`` is the test seam (``httpx.MockTransport``); without it, connections go
    through a transport that connects only to addresses ``resolver`` gave and the guard
    passed. ``sleep`` is the back-off seam.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        connect_timeout: float | None = None,
        deadline: float | None = None,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 1.0,
        max_retry_wait: float = 60.0,
        allow_private: bool = False,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = _system_resolver,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.connect_timeout = connect_timeout or min(10.0, timeout)
        self.deadline = deadline or timeout * 2
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.allow_private = allow_private
        self.resolver = resolver
        self.sleep = sleep
        self._client = httpx.Client(
            transport=transport or _pinned_transport(allow_private, resolver),
            timeout=httpx.Timeout(timeout, connect=self.connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Fetcher:
        """A fetcher with the limits and the address guard of ``settings``."""
        return cls(timeout=settings.timeout, max_bytes=settings.max_bytes,
                   max_redirects=settings.max_redirects, allow_private=settings.allow_private)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """GET with guards. With ``etag``/``last_modified`` a 304 comes back as a Fetched whose
        ``not_modified`` is true and whose body is empty."""
        deadline = time.monotonic() + self.deadline
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        _deadline.at = deadline
        try:
            return self._get(url, deadline, headers)
        finally:
            _deadline.at = None

    def _get(self, url: str, deadline: float, headers: dict[str, str]) -> Fetched:
        current = url
        attempt = 0
        hops = 0
        while True:
            check_url(current, self.allow_private, self.resolver)
            result = self._get_once(current, url, deadline, headers)
            if 300 <= result.status < 400 and result.status != 304 and "location" in result.headers:
                hops += 1
                if hops > self.max_redirects:
                    raise FetchError(f"more than {self.max_redirects} redirects from {url}", url)
                try:
                    current = urljoin(current, result.headers["location"])
                except ValueError:
                    raise FetchError(f"{current} redirects to an invalid URL "
                                     f"{result.headers['location']!r}", url) from None
                log.debug("redirect to %s", current)
                continue
            if result.status in _RETRY_STATUSES and attempt < self.retries:
                wait = retry_after_seconds(result.headers.get("retry-after"))
                if wait is None:
                    wait = self.backoff * 2**attempt
                if wait > self.max_retry_wait or time.monotonic() + wait > deadline:
                    raise FetchError(f"HTTP {result.status} from {current}; the server asks to "
                                     f"wait {wait:.0f} s, past the deadline; retry later", url)
                attempt += 1
                log.info("HTTP %s from %s; retry %d in %.1f s", result.status, current,
                         attempt, wait)
                self.sleep(wait)
                continue
            if result.status >= 400:
                tried = f" after {attempt + 1} tries" if attempt else ""
                raise FetchError(f"HTTP {result.status} from {current}{tried}", url)
            return result

    def _get_once(self, url: str, original: str, deadline: float,
                  headers: dict[str, str]) -> Fetched:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"fetching {url} passed its deadline; retry later", original)
        timeout = httpx.Timeout(min(self.timeout, left), connect=min(self.connect_timeout, left))
        try:
            with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
                return self._read(response, url, original, deadline)
        except httpx.TimeoutException:
            raise FetchError(f"timed out fetching {url}; retry later or raise the timeout",
                             original) from None
        except httpx.HTTPError as exc:
            raise FetchError(_transport_reason(url, exc), original) from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL: {url!r} ({exc}); check the link",
                             original) from None

    def _read(self, response: httpx.Response, url: str, original: str,
              deadline: float) -> Fetched:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                f"{url} is {int(declared):,} bytes, over the cap of {self.max_bytes:,}", original
            )
        if response.is_stream_consumed:  # an in-memory response (tests): already decoded
            raw_chunks, decoder = [response.content], _Decoder("", url)
        else:  # iter_raw: bytes off the wire as they come (no waiting to fill a chunk, so the
            # deadline is checked after every read); decompression happens here in bounded steps
            raw_chunks = response.iter_raw()
            decoder = _Decoder(response.headers.get("content-encoding", ""), url)
        chunks: list[bytes] = []
        size = 0
        for raw in raw_chunks:
            for piece in decoder.decode(raw):
                size += len(piece)
                if size > self.max_bytes:
                    raise FetchError(
                        f"{url} body exceeds the cap of {self.max_bytes:,} bytes "
                        "(after decompression); raise max_bytes if you trust it",
                        original,
                    )
                chunks.append(piece)
            if time.monotonic() > deadline:
                raise FetchError(f"fetching {url} passed its deadline; retry later", original)
        return Fetched(
            url=str(response.url),
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=b"".join(chunks),
            headers={k.lower(): v for k, v in response.headers.items()},
        )


def _transport_reason(url: str, exc: httpx.HTTPError) -> str:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return f"TLS error fetching {url}: {cause.reason or cause}; check the certificate"
        cause = cause.__cause__ or cause.__context__
    if "SSL" in str(exc) or "TLS" in str(exc) or "certificate" in str(exc).lower():
        return f"TLS error fetching {url}: {exc}; check the certificate"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect to {url}: {exc}; check the address or retry later"
    if isinstance(exc, httpx.DecodingError):
        return f"{url} sent a body that cannot be decoded: {exc}"
    return f"cannot fetch {url}: {exc}"
