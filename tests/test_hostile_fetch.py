"""The fetcher against hostile servers and addresses: the SSRF table (every address form that
reaches loopback, private, link-local or metadata space, directly and after a redirect), DNS
rebinding, a server that drips one byte at a time, and malformed URLs and headers."""

import socket
import threading
import time

import httpx
import pytest

from factcheck.errors import BlockedAddressError, FetchError
from factcheck.news import fetch
from factcheck.news.fetch import Fetcher, check_url, retry_after_seconds

# Every form resolves (by the system resolver, no network needed) or parses to an address that
# must be refused without --allow-private.
BLOCKED_FORMS = [
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/",
    "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://017700000001/",
    "http://localhost/", "http://LOCALHOST/", "http://0.0.0.0/", "http://①②⑦.0.0.1/",
    "http://0/", "http://[::]/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:a9fe:a9fe]/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://10.0.0.1/",
    "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.0.1/", "http://100.64.0.1/",
    "http://224.0.0.1/", "http://255.255.255.255/", "http://240.0.0.1/", "http://[fe80::1]/",
    "http://[fc00::1]/", "http://[ff02::1]/", "http://[2002:7f00:1::]/",
    "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://user@127.0.0.1/",
    "http://public.example@169.254.169.254/", "https://127.0.0.1:443/",
]
# Forms that must fail one way or another (unparsable, unresolvable, not http).
REFUSED_FORMS = [
    "file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:70/", "http://[oops/x",
    "http://%31%32%37.0.0.1/", "http://127.0.0.1.:8080/", "http:///etc/passwd", "http://:80/",
    "http://127.0.0.1:99999/", "http://127.0.0.1:port/", "javascript:alert(1)",
    "dict://127.0.0.1:11211/",
]


@pytest.mark.parametrize("url", BLOCKED_FORMS)
def test_ssrf_address_form_is_refused(url):
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        check_url(url, allow_private=False)
    with pytest.raises(BlockedAddressError):
        Fetcher(timeout=2).get(url)


# Names a DNS server answers with a private address (as public wildcard services do).
DNS_ANSWERS = {
    "localhost.": ["127.0.0.1"], "127.0.0.1.nip.io": ["127.0.0.1"],
    "metadata.google.internal": ["169.254.169.254"], "dual.example": ["93.184.216.34", "10.0.0.1"],
    "v6only.example": ["::1"], "mapped.example": ["::ffff:192.168.1.1"],
}


@pytest.mark.parametrize("host", sorted(DNS_ANSWERS))
def test_ssrf_name_resolving_to_private_is_refused(host):
    fetcher = Fetcher(timeout=2, resolver=DNS_ANSWERS.__getitem__)
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        fetcher.get(f"http://{host}/")


@pytest.mark.parametrize("url", REFUSED_FORMS)
def test_ssrf_malformed_or_foreign_url_is_refused(url):
    with pytest.raises(FetchError):
        Fetcher(timeout=2).get(url)


@pytest.mark.parametrize("target", BLOCKED_FORMS + REFUSED_FORMS)
def test_ssrf_redirect_to_any_form_is_refused(target):
    def handler(request):
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": target.encode("utf-8")})
        return httpx.Response(200, text="secret")

    fetcher = Fetcher(transport=httpx.MockTransport(handler), resolver=lambda h: (
        ["93.184.216.34"] if h == "news.example" else fetch._system_resolver(h)))
    with pytest.raises(FetchError):
        fetcher.get("http://news.example/story")


def test_connection_goes_to_the_checked_address_with_the_host_name_kept(server):
    seen = {}

    def page(handler):
        seen["host"] = handler.headers["Host"]
        return 200, {"Content-Type": "text/plain"}, b"pinned"

    server.route("/x", page)
    fetcher = Fetcher(allow_private=True, resolver=lambda host: ["127.0.0.1"])
    assert fetcher.get(f"http://pinned.test:{server.port}/x").body == b"pinned"
    assert seen["host"] == f"pinned.test:{server.port}"


def test_dns_rebinding_cannot_reach_a_private_address(server):
    # First answer public (the check), every later answer loopback (the connect).
    answers = iter([["93.184.216.34"]])
    fetcher = Fetcher(resolver=lambda host: next(answers, ["127.0.0.1"]), timeout=2)
    server.add("/secret", "internal")
    with pytest.raises(BlockedAddressError, match="loopback"):
        fetcher.get(f"http://rebind.test:{server.port}/secret")
    assert server.hits == {}


def test_rebinding_after_a_redirect_is_refused_too(server, monkeypatch):
    real = fetch._blocked_reason
    monkeypatch.setattr(fetch, "_blocked_reason",
                        lambda ip: None if ip == "127.0.0.1" else real(ip))
    server.add("/hop", b"", status=302, headers={"Location": f"http://two.test:{server.port}/secret"})
    server.add("/secret", "internal")
    answers = {"one.test": iter([]), "two.test": iter([["93.184.216.34"]])}
    fetcher = Fetcher(timeout=2, resolver=lambda host: next(answers[host], ["127.0.0.1"])
                      if host == "one.test" else next(answers[host], ["10.0.0.7"]))
    with pytest.raises(BlockedAddressError, match="10.0.0.7"):
        fetcher.get(f"http://one.test:{server.port}/hop")
    assert server.hits == {"/hop": 1}


class DripServer:
    """Sends headers promising a large body, then one byte every ``interval`` seconds."""

    def __init__(self, interval: float = 0.1, limit: float = 8.0) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.interval, self.limit = interval, limit
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Content-Length: 1000000\r\n\r\n")
            started = time.monotonic()
            while not self.stop.is_set() and time.monotonic() - started < self.limit:
                try:
                    conn.sendall(b"x")
                except OSError:
                    return
                time.sleep(self.interval)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_drip_server_is_cut_off_at_the_deadline():
    drip = DripServer()
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline|timed out"):
            Fetcher(allow_private=True, timeout=1.0, deadline=1.5).get(
                f"http://127.0.0.1:{drip.port}/drip")
        elapsed = time.monotonic() - started
    finally:
        drip.close()
    assert elapsed < 2.5, elapsed


@pytest.mark.parametrize("value", ["²", "٣", "1e9", "-5", "Sat, 28 Nov 99999 10:00:30 GMT",
                                   "Mon, 99 Foo 2026", "\x00", "9" * 400])
def test_odd_retry_after_values_never_raise(value):
    wait = retry_after_seconds(value, now=1795860000.0)
    assert wait is None or wait >= 0


def test_retry_after_superscript_two_does_not_abort_the_fetch(server):
    server.add("/busy", "busy", content_type="text/plain", status=503,
            headers={"Retry-After": "²"})
    waits = []
    fetcher = Fetcher(allow_private=True, retries=1, backoff=0.25, sleep=waits.append)
    with pytest.raises(FetchError, match="HTTP 503"):
        fetcher.get(server.base + "/busy")
    assert waits == [0.25]


def test_redirect_to_an_invalid_url_is_a_fetch_error(server):
    server.add("/r", b"", status=302, headers={"Location": "http://[oops/x"})
    with pytest.raises(FetchError, match="invalid URL"):
        Fetcher(allow_private=True).get(server.base + "/r")
