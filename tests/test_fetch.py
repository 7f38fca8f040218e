import gzip

import httpx
import pytest

from factcheck.errors import BlockedAddressError, FetchError
from factcheck.news.fetch import Fetcher, check_url


def public(host):
    return ["93.184.216.34"]


def fetcher(handler, **kw):
    return Fetcher(transport=httpx.MockTransport(handler), resolver=public, **kw)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://[::1]/feed",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_addresses_refused_with_the_fix(url):
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        check_url(url, allow_private=False)


def test_hostname_resolving_to_loopback_refused():
    with pytest.raises(BlockedAddressError, match="loopback"):
        check_url("http://news.example/", False, resolver=lambda h: ["127.0.0.1"])


def test_allow_private_lets_loopback_through():
    def loopback(host):
        return ["127.0.0.1"]

    def feed(request):
        return httpx.Response(200, text="<rss/>")

    with pytest.raises(BlockedAddressError, match="loopback"):
        check_url("http://127.0.0.1/feed", allow_private=False)
    assert check_url("http://127.0.0.1/feed", allow_private=True) is None
    guarded = Fetcher(transport=httpx.MockTransport(feed), resolver=loopback)
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        guarded.get("http://news.example/feed")
    allowed = Fetcher(transport=httpx.MockTransport(feed), resolver=loopback, allow_private=True)
    assert allowed.get("http://news.example/feed").body == b"<rss/>"


def test_non_http_scheme_refused():
    with pytest.raises(FetchError, match="http"):
        check_url("file:///etc/passwd", allow_private=True)


def test_redirect_to_metadata_address_is_rechecked():
    def handler(request):
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})
        return httpx.Response(200, text="secret")

    with pytest.raises(BlockedAddressError, match="169.254.169.254"):
        fetcher(handler).get("http://news.example/story")


def test_redirects_followed_and_limited():
    def handler(request):
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"Location": f"/{n + 1}"})

    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher(handler, max_redirects=3).get("http://news.example/0")


def test_body_cap_applies_after_decompression():
    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros, about 20 KB on the wire

    class Wire(httpx.SyncByteStream):  # streamed like a socket, so nothing is pre-decoded
        def __iter__(self):
            for i in range(0, len(bomb), 65536):
                yield bomb[i : i + 65536]

    def handler(request):
        return httpx.Response(200, stream=Wire(), headers={"Content-Encoding": "gzip"})

    assert len(bomb) < 100_000
    with pytest.raises(FetchError, match="after decompression"):
        fetcher(handler, max_bytes=1_000_000).get("http://news.example/bomb")


def test_declared_length_over_cap_refused_early():
    def handler(request):
        return httpx.Response(200, content=b"x" * 2000)

    with pytest.raises(FetchError, match="over the cap"):
        fetcher(handler, max_bytes=1000).get("http://news.example/big")


def test_http_error_status():
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher(lambda r: httpx.Response(404)).get("http://news.example/missing")


def test_timeout_is_a_fetch_error():
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(FetchError, match="timed out"):
        fetcher(handler).get("http://news.example/slow")


def test_user_agent_sent():
    seen = {}

    def handler(request):
        seen["ua"] = request.headers["user-agent"]
        return httpx.Response(200, text="ok")

    assert fetcher(handler).get("http://news.example/").body == b"ok"
    assert seen["ua"].startswith("factcheck/")
