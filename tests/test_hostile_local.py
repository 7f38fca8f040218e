"""Hostile local sources: symbolic links, oversized files and FIFOs, OPML lists that name
themselves or local paths, Latin-1 text and binary files named .txt."""

import os
import time

from factcheck.config import Settings
from factcheck.news.ingest import Ingestor
from tests.conftest import invoke
from tests.test_hostile_pages import article_row
from tests.test_news_ingest import HashEmbedder, make, page, story


def test_symlinks_are_not_followed(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n" * 20)
    news = tmp_path / "news"
    news.mkdir()
    (news / "story.txt").write_text(f"Bridge reopens\n\n{story(30)}")
    (news / "passwd.txt").symlink_to(secret / "passwd.txt")
    (news / "more").symlink_to(secret, target_is_directory=True)
    report = make(tmp_path).run([str(news), str(news / "passwd.txt")]).to_dict()
    assert [a["title"] for a in report["articles"]] == ["Bridge reopens"]
    skipped = {s["url"] for s in report["skipped"] if "symbolic link" in s["reason"]}
    assert skipped == {str(news / "passwd.txt"), str(news / "more")}
    assert "symbolic link" in report["failed"][0]["reason"]


def test_oversized_and_non_regular_files_are_refused(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    (files / "huge.txt").write_text("Huge\n\n" + "A sentence about the harbour. " * 60_000)
    os.mkfifo(files / "pipe.txt")
    ingestor = Ingestor(Settings(store=str(tmp_path / "store"), max_bytes=1_000_000),
                        embedder=HashEmbedder())
    started = time.monotonic()
    report = ingestor.run([str(files)]).to_dict()
    assert time.monotonic() - started < 20
    reasons = {os.path.basename(f["url"]): f["reason"] for f in report["failed"]}
    assert "over the cap" in reasons["huge.txt"] and "not a regular file" in reasons["pipe.txt"]
    assert report["added"] == 0


def test_opml_naming_itself_or_local_paths_is_refused(tmp_path, server):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "diary.txt").write_text(f"Diary\n\n{story(31)}")
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{opml}"/>'
                    f'<outline xmlUrl="{secret}"/><outline xmlUrl="file://{secret}"/>'
                    "</body></opml>")
    report = make(tmp_path).run([str(opml)]).to_dict()
    assert report["added"] == 0
    reasons = " ".join(f["reason"] for f in report["failed"] + report["skipped"])
    assert "names itself" in reasons and reasons.count("must be http(s)") == 2

    listing = server.route("/subs.opml", lambda h: (200, {"Content-Type": "text/x-opml"},
                        f'<opml><body><outline xmlUrl="{server.base}/subs.opml"/>'
                        f'<outline xmlUrl="{server.base}/inner.opml"/></body></opml>'.encode()))
    server.add("/inner.opml", f'<opml><body><outline xmlUrl="{listing}"/></body></opml>',
            content_type="text/x-opml")
    report = make(tmp_path).run([listing]).to_dict()
    reasons = " ".join(f["reason"] for f in report["failed"] + report["skipped"])
    assert "names itself" in reasons and "inside an OPML list" in reasons


def test_latin1_text_is_decoded_and_binary_text_refused(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    text = ("Zürich café reopens\n\nThe café in Zürich reopened on Monday after the façade was "
            "repaired. Señora Müller said the crème brûlée is back. " * 3)
    (files / "latin.txt").write_bytes(text.encode("latin-1"))
    (files / "blob.txt").write_bytes(bytes(range(256)) * 40)
    report = make(tmp_path).run([str(files)]).to_dict()
    assert [a["title"] for a in report["articles"]] == ["Zürich café reopens"]
    assert "looks binary" in report["skipped"][0]["reason"]
    row = article_row(tmp_path / "store", (files / "latin.txt").resolve().as_uri())
    assert "crème brûlée" in row[2] and "Ã" not in row[2]


def test_latin1_html_without_a_declared_charset_is_decoded(tmp_path):
    text = ("The café in Zürich reopened on Monday after the façade was repaired. Señora "
            "Müller said the crème brûlée is back. ") * 3
    html = page("Zürich café reopens", text).replace('<meta charset="utf-8">', "")
    path = tmp_path / "latin.html"
    path.write_bytes(html.encode("latin-1"))
    report = make(tmp_path).run([str(path)]).to_dict()
    assert [a["title"] for a in report["articles"]] == ["Zürich café reopens"]
    row = article_row(tmp_path / "store", report["articles"][0]["url"])
    assert "crème brûlée" in row[2] and "crčme" not in row[2]


def test_feeds_add_refuses_a_symlinked_or_entity_opml(tmp_path):
    real = tmp_path / "subs.opml"
    real.write_text('<opml><body><outline xmlUrl="https://a.example/rss"/></body></opml>')
    link = tmp_path / "link.opml"
    link.symlink_to(real)
    padded = tmp_path / "padded.opml"
    padded.write_text("<!--" + " " * 5000 + '--><!DOCTYPE opml [<!ENTITY a "aaaa">]>'
                      '<opml><body><outline xmlUrl="https://a.example/&a;"/></body></opml>')
    errors = []
    for source in (link, padded):
        code, _, err = invoke("feeds", "add", str(source), "--store", str(tmp_path / "store"))
        assert code == 1
        errors.append(err)
    assert "symbolic link" in errors[0] and "entity declarations are not allowed" in errors[1]
