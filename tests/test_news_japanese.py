"""Japanese pages and feeds through the real fetch and ingest path on loopback: Shift_JIS,
EUC-JP and ISO-2022-JP declared in the HTTP header, in <meta> or in the XML declaration (and
the HTML standard's order when they disagree), RSS 1.0 (RDF), Japanese date forms read in
Japan's zone, sentence ends, and the byte cap on a Shift_JIS page. The articles are invented
for these tests."""

import datetime as dt
import gzip
import json
import sqlite3

import pytest

from factcheck.config import Settings
from factcheck.dates import JST, japanese_datetime, normalise_published
from factcheck.news.chunk import chunk_text, split_sentences
from factcheck.news.extract import extract_html
from factcheck.news.feeds import parse_feed
from factcheck.news.fetch import Fetcher
from factcheck.news.ingest import Ingestor
from tests.conftest import invoke
from tests.test_news_ingest import HashEmbedder, make

MATSUE = ("松江に新図書館が開館", [
    # Every sentence here, in EUC-JP, is also valid Shift_JIS (as half-width nonsense): only
    # the order of the declarations can tell which one the page is in.
    "開館式には市長が出席した。", "市は駅前の商店街と連携して催しを開く。",
    "雪の中、開館を待つ市民の列ができた。", "市民は朝早くから列を作った。",
    "式典には地元の高校生も参加した。", "開館時間は午前九時から午後八時まで。",
    "館の設計は地元の会社が手がけた。"])
TAKAMATSU = ("高松港に新フェリー就航", [
    "高松港と小豆島を結ぶ新しいフェリーが六日、就航した。",
    "船は全長六十メートルで、約四百人が乗れる。",
    "運航会社によると、一日に八往復する予定だ。",
    "初便には観光客や地元の住民ら約二百人が乗り込んだ。",
    # ① ～ ④ exist in Windows-31J, which pages labelled Shift_JIS are written in, not in
    # strict Shift_JIS.
    "乗り場の案内板には①～④の番号が付けられた。"])
SAPPORO = ("札幌で雪像づくり始まる", [
    "札幌市の大通公園で七日、雪まつりに向けた雪像づくりが始まった。",
    "今年は大小合わせて約百八十基の雪像が並ぶ予定だ。",
    "隊員らがトラックで運んだ雪を固め、形を整えていった。",
    "実行委員会は、期間中に二百万人以上の来場を見込んでいる。"])
SENDAI = ("仙台の地下鉄に新駅", [
    "仙台市は八日、地下鉄東西線に新しい駅を設ける計画を正式に決めたと発表した。",
    "新駅は二つの既存駅の間に造られ、二〇三〇年度の開業を目指す。",
    "総事業費は約九十億円と見込まれている。",
    "周辺では大型の商業施設や住宅の建設が進んでいる。"])


def ja_page(article, *, head: str = "", top: str = "") -> str:
    title, sentences = article
    paras = "".join(f"<p>{s}</p>" for s in sentences)
    return (f'<!doctype html><html lang="ja"><head>{head}<title>{title}</title></head><body>'
            f"<article><h1>{title}</h1>{top}{paras}</article></body></html>")


def published_meta(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def stored(store_dir) -> dict[str, dict]:
    """Every stored article by title: its published instant (UTC), date source and text."""
    db = sqlite3.connect(store_dir / "factcheck.sqlite3")
    try:
        rows = db.execute("SELECT a.title, a.published_ts, a.date_source, a.language, "
                          "group_concat(p.text, '') FROM articles a JOIN passages p "
                          "ON p.article_id = a.id GROUP BY a.id ORDER BY p.idx").fetchall()
    finally:
        db.close()
    return {title: {"published": dt.datetime.fromtimestamp(ts, dt.UTC), "source": source,
                    "language": language, "text": text}
            for title, ts, source, language, text in rows}


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


RDF = """<?xml version="1.0" encoding="Shift_JIS"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{base}/"><title>瀬戸内ニュース</title><link>{base}/</link>
<description>地域の話題</description><dc:language>ja</dc:language>
<items><rdf:Seq>{seq}</rdf:Seq></items></channel>
{items}
</rdf:RDF>"""


def rdf_feed(base: str, items: list[tuple[str, str | None, str | None]]) -> str:
    """RSS 1.0: (url, <link> or None for rdf:about alone, dc:date or None) per item."""
    seq = "".join(f'<rdf:li rdf:resource="{url}"/>' for url, _, _ in items)
    body = "".join(
        f'<item rdf:about="{url}"><title>記事</title>'
        + (f"<link>{link}</link>" if link else "")
        + (f"<dc:date>{date}</dc:date>" if date else "") + "</item>"
        for url, link, date in items)
    return RDF.format(base=base, seq=seq, items=body)


def test_rdf_feed_of_shift_jis_euc_jp_and_iso_2022_jp_pages_is_ingested(tmp_path, server):
    # Shift_JIS named only in the HTTP header; its page dates itself the Japanese way.
    takamatsu = server.add("/takamatsu", ja_page(TAKAMATSU, head=published_meta(
        "2026年1月6日 14時30分")).encode("cp932"), content_type="text/html; charset=Shift_JIS")
    # ISO-2022-JP named only in <meta http-equiv>; no date in the page: the feed's is used.
    sapporo = server.add("/sapporo", ja_page(SAPPORO, head=(
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-2022-JP">'))
        .encode("iso-2022-jp"), content_type="text/html")
    # EUC-JP named only in <meta charset>; the date is the dateline, in the Reiwa era.
    sendai = server.add("/sendai", ja_page(SENDAI, head='<meta charset="EUC-JP">',
                                           top="<p>令和8年1月8日 午後3時</p>")
                        .encode("euc-jp"), content_type="text/html")
    # The feed names its encoding only in its XML declaration; the Sendai item has no <link>.
    feed = server.add("/news.rdf", rdf_feed(server.base, [
        (takamatsu, takamatsu, "2026-01-05T08:00:00+09:00"),
        (sapporo, sapporo, "2026年1月7日 9時05分"),
        (sendai, None, None),
    ]).encode("cp932"), content_type="application/rdf+xml")

    report = make(tmp_path).run([feed]).to_dict()
    assert report["failed"] == [] and report["added"] == 3, report
    articles = stored(tmp_path / "store")
    assert set(articles) == {TAKAMATSU[0], SAPPORO[0], SENDAI[0]}
    for title, sentences in (TAKAMATSU, SAPPORO, SENDAI):
        assert all(s in articles[title]["text"] for s in sentences), title
        assert articles[title]["language"] == "ja"
    assert (articles[TAKAMATSU[0]]["published"], articles[TAKAMATSU[0]]["source"]) == (
        utc(2026, 1, 6, 5, 30), "page")
    assert (articles[SAPPORO[0]]["published"], articles[SAPPORO[0]]["source"]) == (
        utc(2026, 1, 7, 0, 5), "feed")
    assert (articles[SENDAI[0]]["published"], articles[SENDAI[0]]["source"]) == (
        utc(2026, 1, 8, 6, 0), "dateline")


def _euc_page_meta_says_shift_jis() -> tuple[bytes, str]:
    body = ja_page(MATSUE, head='<meta charset="Shift_JIS">').encode("euc-jp")
    assert body.decode("cp932") != body.decode("euc-jp")  # valid both ways
    return body, "text/html; charset=EUC-JP"


def _bom_page_header_and_meta_disagree() -> tuple[bytes, str]:
    body = b"\xef\xbb\xbf" + ja_page(MATSUE, head='<meta charset="EUC-JP">').encode("utf-8")
    return body, "text/html; charset=Shift_JIS"


def _header_the_bytes_cannot_be_in() -> tuple[bytes, str]:
    body = ja_page(MATSUE, head='<meta charset="Shift_JIS">').encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    return body, "text/html; charset=UTF-8"


def _meta_alone() -> tuple[bytes, str]:
    head = '<meta http-equiv="content-type" content="text/html;charset=euc-jp">'
    return ja_page(MATSUE, head=head).encode("euc-jp"), "text/html"


@pytest.mark.parametrize("case", [_euc_page_meta_says_shift_jis, _bom_page_header_and_meta_disagree,
                                  _header_the_bytes_cannot_be_in, _meta_alone],
                         ids=["header-beats-meta", "bom-beats-header", "undecodable-header-skipped",
                              "meta"])
def test_declarations_are_followed_in_the_html_standards_order(tmp_path, server, case):
    body, content_type = case()
    url = server.add("/matsue", body, content_type=content_type)
    report = make(tmp_path).run([url]).to_dict()
    assert report["added"] == 1, report
    [(title, article)] = stored(tmp_path / "store").items()
    assert title == MATSUE[0]
    assert all(s in article["text"] for s in MATSUE[1])


def test_a_utf8_page_under_a_server_default_latin1_header_is_read_as_utf8(tmp_path, server):
    # Windows-1252 would read these bytes too (as "CafÃ© ZÃ¼rich"), and a browser would.
    sentences = ["Das Café am Zürichsee öffnet nach dem Umbau wieder für Gäste.",
                 "Die Eröffnung am Montag zog viele Besucher aus der Gegend an.",
                 "Der Betreiber plant Konzerte und Lesungen an den Wochenenden."]
    body = ja_page(("Café Zürich öffnet wieder", sentences), head='<meta charset="utf-8">')
    body = body.replace('lang="ja"', 'lang="de"').encode("utf-8")
    assert "Ã" in body.decode("cp1252")
    url = server.add("/cafe", body, content_type="text/html; charset=ISO-8859-1")
    assert make(tmp_path).run([url]).to_dict()["added"] == 1
    [(title, article)] = stored(tmp_path / "store").items()
    assert title == "Café Zürich öffnet wieder" and sentences[0] in article["text"]


def test_shift_jis_pages_are_capped_by_bytes_after_decompression(tmp_path, server):
    cap = 60_000
    # 45,000 characters: under the cap as text, 90,000 bytes in Shift_JIS, 2 KB gzipped.
    big = ja_page(("長い記事", ["本日は晴天なり。" * 5_000])).encode("cp932")
    assert len(big.decode("cp932")) < cap < len(big)
    small = ja_page(TAKAMATSU, head=published_meta("2026-01-06T14:30:00+09:00")).encode("cp932")
    server.add("/big", gzip.compress(big), content_type="text/html; charset=Shift_JIS",
               headers={"Content-Encoding": "gzip"})
    server.add("/small", small, content_type="text/html; charset=Shift_JIS")
    feed = server.add("/news.rdf", rdf_feed(server.base, [
        (server.base + "/big", server.base + "/big", None),
        (server.base + "/small", server.base + "/small", None)]).encode("cp932"),
        content_type="application/rdf+xml")
    ingestor = Ingestor(Settings(store=str(tmp_path / "store"), allow_private=True),
                        embedder=HashEmbedder(),
                        fetcher=Fetcher(allow_private=True, timeout=2.0, max_bytes=cap, retries=0))
    report = ingestor.run([feed]).to_dict()
    assert report["added"] == 1 and report["articles"][0]["title"] == TAKAMATSU[0]
    [failed] = report["failed"]
    assert failed["url"].endswith("/big") and "exceeds the cap of 60,000 bytes" in failed["reason"]


@pytest.mark.parametrize("date, when", [
    ("2026-01-06T14:30:00+09:00", utc(2026, 1, 6, 5, 30)),
    ("2026-01-06T14:30:00", utc(2026, 1, 6, 5, 30)),  # no zone in a Japanese feed: Tokyo's
    ("2026年1月6日 14時30分", utc(2026, 1, 6, 5, 30)),
    ("2026年1月6日（火）午後2時30分", utc(2026, 1, 6, 5, 30)),
    ("2026/01/06 14:30", utc(2026, 1, 6, 5, 30)),
    ("令和8年1月6日 14時30分", utc(2026, 1, 6, 5, 30)),
    ("Tue, 06 Jan 2026 14:30:00 +0900", utc(2026, 1, 6, 5, 30)),
    ("２０２６年１月６日　１４：３０", utc(2026, 1, 6, 5, 30)),
    ("2026年1月6日", utc(2026, 1, 6)),  # a day alone stays that day
])
def test_japanese_feed_dates_are_read_in_japans_zone(date, when):
    body = rdf_feed("http://n.example", [("http://n.example/a", "http://n.example/a", date)])
    [entry], problem, title = parse_feed(body.encode("euc-jp"), "http://n.example/news.rdf",
                                         "application/rdf+xml; charset=EUC-JP")
    assert problem is None and title == "瀬戸内ニュース"
    assert dt.datetime.fromisoformat(entry.published) == when


def test_an_english_feed_keeps_reading_times_without_a_zone_as_utc():
    body = rdf_feed("http://n.example", [("http://n.example/a", None, "2026-01-06T14:30:00")])
    body = body.replace("<dc:language>ja</dc:language>", "<dc:language>en</dc:language>")
    body = body.replace("瀬戸内ニュース", "Harbour News").replace("記事", "Story")
    [entry], _, _ = parse_feed(body.encode(), "http://n.example/news.rdf")
    assert entry.url == "http://n.example/a"  # linked by rdf:about
    assert dt.datetime.fromisoformat(entry.published) == utc(2026, 1, 6, 14, 30)


def test_http_charset_of_a_feed_beats_its_xml_declaration():
    body = rdf_feed("http://n.example", [("http://n.example/a", "http://n.example/a", None)])
    body = body.replace("瀬戸内ニュース", MATSUE[0]).replace("地域の話題", MATSUE[1][0])
    data = body.replace("記事", MATSUE[1][1]).encode("euc-jp")
    assert data.decode("cp932") != data.decode("euc-jp")  # the declared Shift_JIS reads too
    [entry], _, title = parse_feed(data, "http://n.example/news.rdf",
                                   "application/rdf+xml; charset=EUC-JP")
    assert (title, entry.title) == (MATSUE[0], MATSUE[1][1])


@pytest.mark.parametrize("text, when", [
    ("令和8年1月6日", utc(2026, 1, 6)),
    ("令和元年5月1日 午前10時", dt.datetime(2019, 5, 1, 10, tzinfo=JST)),
    ("平成31年4月30日 23時59分", dt.datetime(2019, 4, 30, 23, 59, tzinfo=JST)),
    ("2026年1月6日 午前12時30分 JST", dt.datetime(2026, 1, 6, 0, 30, tzinfo=JST)),
    ("2026/1/6 9:05:30 +09:00", dt.datetime(2026, 1, 6, 9, 5, 30, tzinfo=JST)),
    ("2026年1月6日 14時30分 更新", utc(2026, 1, 6, 14, 30)),  # no zone, none known: UTC
    ("2026年13月6日", None),
    ("2026年2月30日 10時", None),
])
def test_japanese_date_forms(text, when):
    assert normalise_published(text) == when


@pytest.mark.parametrize("head, top, lang, when, source", [
    (published_meta("2026-01-06T14:30:00"), "", "ja", utc(2026, 1, 6, 5, 30), "page"),
    (published_meta("令和8年1月6日 午後2時30分"), "", "ja", utc(2026, 1, 6, 5, 30), "page"),
    ("", '<time datetime="2026-01-06T14:30">1月6日</time>', "ja", utc(2026, 1, 6, 5, 30),
     "page"),
    ("", "<p>2026年1月6日 14時30分配信</p>", "ja", utc(2026, 1, 6, 5, 30), "dateline"),
    ("", "<p>2026年1月6日配信</p>", "ja", utc(2026, 1, 6), "dateline"),
    # Not Japanese: a time without a zone stays UTC.
    (published_meta("2026-01-06T14:30:00"), "", "en", utc(2026, 1, 6, 14, 30), "page"),
])
def test_page_dates_in_japanese_pages(head, top, lang, when, source):
    html = ja_page(SENDAI, head='<meta charset="utf-8">' + head, top=top)
    article = extract_html(html.replace('lang="ja"', f'lang="{lang}"').encode(),
                           "http://n.example/a")
    assert dt.datetime.fromisoformat(article.published) == when
    assert article.date_source == source


def test_a_japanese_dateline_is_found_in_running_text():
    found = japanese_datetime("【松江】2026年1月6日 14時30分配信 市は六日、", search=True, zone=JST)
    assert found == dt.datetime(2026, 1, 6, 14, 30, tzinfo=JST)
    assert japanese_datetime("https://n.example/2026/01/06/story", search=True) is None


def test_japanese_sentences_end_at_marks_and_line_breaks_not_inside_quotes():
    text = ("市長は「開館が楽しみだ。」と話した。本当に来るのか？！来館者は三千人\n"
            "次の行の文。「式は十時に始まる。」 続く文。")
    assert split_sentences(text) == [
        "市長は「開館が楽しみだ。」と話した。", "本当に来るのか？！", "来館者は三千人",
        "次の行の文。", "「式は十時に始まる。」", "続く文。"]
    # Passages put Japanese sentences back together without spaces.
    one, two, three = SAPPORO[1][:2], SAPPORO[1][1:3], SAPPORO[1][2:]
    assert chunk_text("".join(SAPPORO[1]), max_words=30) == [
        "".join(one), "".join(two), "".join(three)]


def test_cli_ingest_prints_japanese_intact(tmp_path, server, monkeypatch, embedder):
    from factcheck.embed import Embedder

    # the real model, loaded once per session
    monkeypatch.setattr(Embedder, "from_settings", classmethod(lambda cls, settings: embedder))
    url = server.add("/sapporo", ja_page(SAPPORO, head=published_meta(
        "2026-01-07T10:00:00+09:00")).encode("cp932"), content_type="text/html; charset=sjis")
    store = str(tmp_path / "store")
    code, out, err = invoke("ingest", url, "--store", store, "--allow-private", "--json")
    assert code == 0, err
    assert "札幌で雪像づくり始まる" in out and "\\u" not in out
    assert json.loads(out)["articles"][0]["title"] == SAPPORO[0]
    code, out, err = invoke("search", "札幌の雪像", "--store", store, "--json")
    assert code == 0, err
    assert "大通公園" in out and "\\u" not in out
