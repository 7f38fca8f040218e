"""The fetcher against real sockets on loopback: bombs, redirects, IPv6, slow servers, 304s,
retries and TLS errors."""

import gzip
import socket
import time
import tracemalloc
import zlib

import pytest

from factcheck.errors import BlockedAddressError, FetchError
from factcheck.news import fetch
from factcheck.news.fetch import Fetcher, retry_after_seconds
from tests.loopback import LoopbackServer


@pytest.fixture
def loopback_is_public(monkeypatch):
    """127.0.0.1 passes the guard as if it were public, so a later hop is what is judged (the
    fetcher connects to the address it checked, so the check itself has to let it through)."""
    real = fetch._blocked_reason
    monkeypatch.setattr(fetch, "_blocked_reason",
                        lambda ip: None if ip == "127.0.0.1" else real(ip))


def test_gzip_bomb_is_cut_off_with_bounded_memory(server):
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # 200 MB inflated, ~200 KB sent
    server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    fetcher = Fetcher(allow_private=True, max_bytes=2_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="after decompression"):
            fetcher.get(server.base + "/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(bomb) < 1_000_000
    assert peak < 16_000_000, peak  # the cap plus a few 64 KiB steps, never the 200 MB


def test_gzip_and_deflate_bodies_are_decoded(server):
    text = b"<html><body>" + b"news " * 5000 + b"</body></html>"
    server.add("/gz", gzip.compress(text), headers={"Content-Encoding": "gzip"})
    server.add("/zlib", zlib.compress(text), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    server.add("/raw", raw.compress(text) + raw.flush(), headers={"Content-Encoding": "deflate"})
    server.add("/br", b"xx", headers={"Content-Encoding": "br"})
    fetcher = Fetcher(allow_private=True)
    for path in ("/gz", "/zlib", "/raw"):
        assert fetcher.get(server.base + path).body == text
    with pytest.raises(FetchError, match="'br'"):
        fetcher.get(server.base + "/br")


def test_redirect_to_cloud_metadata_is_refused_after_the_hop(server, loopback_is_public):
    server.add("/story", b"", status=302,
            headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    fetcher = Fetcher(resolver=lambda host: ["127.0.0.1"])
    with pytest.raises(BlockedAddressError) as err:
        fetcher.get(f"http://news.test:{server.port}/story")
    message = str(err.value)
    assert "169.254.169.254" in message and "cloud-metadata" in message
    assert "--allow-private" in message
    assert server.hits["/story"] == 1  # the first hop really was fetched


def test_ipv6_loopback_refused_then_fetched_when_allowed():
    try:
        server = LoopbackServer("::1")
    except OSError:
        with pytest.raises(BlockedAddressError, match="loopback.*--allow-private"):
            Fetcher().get("http://[::1]:8080/")
        return
    try:
        url = server.add("/v6", "hello over IPv6", content_type="text/plain")
        with pytest.raises(BlockedAddressError, match="loopback.*--allow-private"):
            Fetcher().get(url)
        assert server.hits == {}
        assert Fetcher(allow_private=True).get(url).body == b"hello over IPv6"
    finally:
        server.close()


@pytest.mark.parametrize("address", ["::ffff:169.254.169.254", "::ffff:10.1.2.3", "fd00::1",
                                     "2002:7f00:1::", "100.64.0.1", "64:ff9b::a9fe:a9fe"])
def test_mapped_and_other_private_forms_are_refused(address):
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        Fetcher(resolver=lambda host: [address]).get("http://news.example/")


def test_slow_server_times_out_quickly(server):
    def slow(handler):
        time.sleep(3)
        return 200, {"Content-Type": "text/html"}, b"<html>late</html>"

    server.route("/slow", slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        Fetcher(allow_private=True, timeout=0.4).get(server.base + "/slow")
    assert time.monotonic() - started < 2.5


def test_conditional_get_returns_not_modified(server):
    def feed(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                     "Last-Modified": "Sat, 28 Nov 2026 10:00:00 GMT"}, b"<rss/>"

    url = server.route("/feed", feed)
    fetcher = Fetcher(allow_private=True)
    first = fetcher.get(url)
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    again = fetcher.get(url, etag='"v1"', last_modified=first.headers["last-modified"])
    assert again.not_modified and again.body == b""


def test_retry_after_is_honoured_and_retries_are_bounded(server):
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        if calls["n"] == 1:
            return 503, {"Retry-After": "7", "Content-Type": "text/plain"}, b"busy"
        return 200, {"Content-Type": "text/plain"}, b"ok"

    server.route("/flaky", flaky)
    server.add("/limited", "slow down", content_type="text/plain", status=429)
    waits = []
    fetcher = Fetcher(allow_private=True, retries=2, backoff=0.5, sleep=waits.append,
                      deadline=60)
    assert fetcher.get(server.base + "/flaky").body == b"ok"
    assert waits == [7.0]
    waits.clear()
    with pytest.raises(FetchError, match="HTTP 429 .* after 3 tries"):
        fetcher.get(server.base + "/limited")
    assert waits == [0.5, 1.0] and server.hits["/limited"] == 3
    server.add("/later", "", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError, match="past the deadline"):
        fetcher.get(server.base + "/later")


def test_retry_after_http_date():
    assert retry_after_seconds("Sat, 28 Nov 2026 10:00:30 GMT", now=1795860000.0) == 30.0
    assert retry_after_seconds("soon") is None


def test_tls_error_is_reported_as_such(server):
    server.add("/plain", "plain http")
    with pytest.raises(FetchError, match="TLS error"):
        Fetcher(allow_private=True, timeout=3).get(f"https://127.0.0.1:{server.port}/plain")


def test_connection_refused_is_a_fetch_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        Fetcher(allow_private=True, timeout=2).get(f"http://127.0.0.1:{port}/")
