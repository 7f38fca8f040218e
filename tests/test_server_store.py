"""The store on both engines: embedded (SQLite and Chroma in a directory) and server (a
throwaway PostgreSQL cluster and ``chroma run`` on 127.0.0.1, see tests/servers.py)."""

from __future__ import annotations

import json

import pytest

from factcheck.config import Settings, load_settings
from factcheck.errors import ConfigError, StoreError
from factcheck.keywords import common_cap
from factcheck.store import Store
from tests.conftest import invoke
from tests.test_store_refresh import DIM, unit

DAY = 86_400
JAN_1 = 1_767_225_600  # 2026-01-01T00:00:00Z


def record(name: str, day: int, passages: list[str], title: str | None = None,
           axis: int = 0, **extra) -> dict:
    return {"article_id": name, "url": f"https://news.example/{name}",
            "canonical_url": f"https://news.example/{name}", "content_hash": f"hash-{name}",
            "title": title or f"Story {name}", "site": "news.example",
            "published": f"2026-01-{day:02d}T08:00:00+00:00",
            "published_ts": JAN_1 + (day - 1) * DAY + 8 * 3600, "date_source": "page",
            "language": None, "passages": passages,
            "vectors": [unit((axis + i) % DIM) for i in range(len(passages))], **extra}


def open_store(tmp_path, engine: dict) -> Store:
    return Store.from_settings(Settings(store=str(tmp_path / "store"), **engine))


def test_store_round_trip_on_each_engine(tmp_path, engine):
    store = open_store(tmp_path, engine)
    store.check_embedder("axis", DIM)
    with store.writer():
        assert store.save_articles([
            record("harbour", 3, ["The harbour bridge reopened after repairs.",
                                  "Ferries returned to the old timetable.",
                                  "The mayor thanked the crews."], axis=0,
                   signature=b"\x01" * 16, bands=[(0, 2**55 + 3), (1, 7)]),
            record("tokyo", 5, ["東京都議会は交通予算を承認した。長い議論の末の決定だった。"],
                   title="東京の予算", axis=4),
        ]) == [False, False]
        # An updated story with fewer passages: its old third passage leaves both indexes.
        assert store.save_articles([record("harbour", 3, ["The harbour bridge reopened.",
                                                          "Ferries are back."], axis=0)]) == [True]
    stats = store.stats()
    assert (stats["articles"], stats["passages"]) == (2, 3)
    assert stats["embedder"] == "axis"
    assert store.vectors.count() == 3
    assert [h.passage_id for h in store.search_dense(unit(2), 2**40, 1)] != ["harbour:2"]

    # The as_of filter holds in both legs: nothing published after max_ts comes back.
    before_tokyo = JAN_1 + 4 * DAY
    assert {h.article_id for h in store.search_dense(unit(4), before_tokyo, 5)} == {"harbour"}
    assert store.search_keywords("東京都議会の交通予算", before_tokyo, 5) == []
    cjk = store.search_keywords("東京都議会の交通予算", 2**40, 5)
    assert [h.article_id for h in cjk] == ["tokyo"] and cjk[0].bm25_rank == 1
    words = store.search_keywords("harbour ferries", 2**40, 5)
    assert [h.passage_id for h in words][:2] in (["harbour:0", "harbour:1"],
                                                 ["harbour:1", "harbour:0"])
    # Accents are folded on both sides, as the embedded keyword index does.
    with store.writer():
        store.save_articles([record("cafe", 6, ["Le café de la gare a rouvert."], axis=5)])
    assert [h.article_id for h in store.search_keywords("cafe gare", 2**40, 5)] == ["cafe"]

    # Bookkeeping: outlets, near-duplicate bands, feeds, raw bodies.
    assert store.add_outlet("harbour", url="https://wire.example/h", site="wire.example",
                            title="Bridge reopens", published=None) is True
    assert store.add_outlet("harbour", url="https://wire.example/h", site="wire.example",
                            title="Bridge reopens", published=None) is False
    assert [o["site"] for o in store.outlets("harbour")] == ["news.example", "wire.example"]
    assert store.article_for_url("https://wire.example/h") == ("harbour", "hash-harbour")
    assert store.article_for_hash("hash-tokyo") == "tokyo"
    assert store.near_duplicate_candidates([(5, 1), (0, 2**55 + 3)]) == []  # replaced: no bands
    assert store.add_feed("https://news.example/feed.xml") is True
    assert store.add_feed("https://news.example/feed.xml") is False
    store.update_feed("https://news.example/feed.xml", status="ok", entries=3, etag='"v1"',
                      validators=True)
    assert store.feed("https://news.example/feed.xml")["etag"] == '"v1"'
    store.record_raw("https://news.example/harbour", "a" * 64, "text/html")
    store.record_raw("https://news.example/harbour", "b" * 64, "text/html")
    assert store.raw_fetches() == [("https://news.example/harbour", "b" * 64, "text/html")]
    assert store.remove_feed("https://news.example/feed.xml") is True
    store.close()


def test_near_duplicate_bands_hold_64_bit_hashes(tmp_path, engine):
    store = open_store(tmp_path, engine)
    with store.writer():
        store.save_articles([record("wire", 2, ["A wire story."], signature=b"\x02" * 16,
                                    bands=[(0, 2**55 + 3), (1, 7)])])
    assert store.near_duplicate_candidates([(0, 2**55 + 3)]) == [("wire", b"\x02" * 16)]
    assert store.near_duplicate_candidates([(0, 7)]) == []


def test_reading_an_empty_server_database_says_so(pg_cluster, chroma_server, tmp_path):
    settings = Settings(store=str(tmp_path / "s"), store_url=pg_cluster.new_database(),
                        chroma_url=chroma_server.new_collection())
    with pytest.raises(StoreError, match="no store in postgresql://"):
        Store.from_settings(settings, create=False)


def test_unreachable_servers_give_one_line_with_the_fix(tmp_path):
    from tests.servers import free_port

    port = free_port()
    with pytest.raises(StoreError, match="cannot connect to the store database .*--store-url"):
        Store(tmp_path / "s", lock_timeout=2, store_url=f"postgresql://u@127.0.0.1:{port}/x")
    with pytest.raises(StoreError, match="not a PostgreSQL URL; give postgresql://"):
        Store(tmp_path / "s", store_url="mysql://u@127.0.0.1/x")
    store = Store(tmp_path / "s", chroma_url=f"http://127.0.0.1:{port}")
    with pytest.raises(StoreError, match="cannot reach the Chroma server .*chroma run"):
        store.vectors.count()


def test_passwords_only_from_the_environment(tmp_path):
    url = "postgresql://news:s3cret@db.example/factcheck"
    code, _, err = invoke("stats", "--store", str(tmp_path / "s"), "--store-url", url)
    assert code == 1
    assert "holds a password" in err and "PGPASSWORD" in err and "s3cret" not in err
    config = tmp_path / "factcheck.toml"
    config.write_text(f'store_url = "{url}"\n', "utf-8")
    with pytest.raises(ConfigError, match="holds a password"):
        load_settings({"FACTCHECK_CONFIG": str(config)})
    assert load_settings({"FACTCHECK_STORE_URL": url}).store_url == url
    code, _, err = invoke("stats", "--store", str(tmp_path / "s"), "--chroma-url", "ftp://x")
    assert code == 1 and "not an http(s) URL" in err and len(err.strip().splitlines()) == 1


def test_cli_ingest_search_stats_on_the_server_store(tmp_path, pg_cluster, chroma_server,
                                                     events):
    """The commands with --store-url and --chroma-url; stats names the engines and hides
    nothing but the password."""
    from factcheck.evalkit.render import render_article

    pages = tmp_path / "pages"
    pages.mkdir()
    for event in events[:3]:
        (pages / f"{event['id']}.html").write_text(render_article(event), "utf-8")
    server = ["--store", str(tmp_path / "raw"), "--store-url", pg_cluster.new_database(),
              "--chroma-url", chroma_server.new_collection()]
    code, out, err = invoke("ingest", str(pages), *server, "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 3
    code, out, _ = invoke("ingest", str(pages), *server, "--json")
    assert json.loads(out)["added"] == 0
    code, out, err = invoke("search", events[1]["headline"], *server, "--json")
    assert code == 0, err
    assert json.loads(out)["results"][0]["title"] == events[1]["headline"]
    code, out, err = invoke("stats", *server, "--json")
    data = json.loads(out)
    assert (data["articles"], data["engine"]) == (3, {"rows": "postgresql",
                                                      "vectors": "chroma-server"})
    assert data["store"].startswith("postgresql://factcheck@127.0.0.1:")
    assert not (tmp_path / "raw" / "factcheck.sqlite3").exists()
    assert not (tmp_path / "raw" / "chroma").exists()


WRITER = """
import json, sys
from factcheck.config import Settings
from factcheck.news.ingest import ingest
from tests.test_news_ingest import HashEmbedder
store, store_url, chroma_url, *sources = sys.argv[1:]
settings = Settings(store=store, store_url=store_url, chroma_url=chroma_url, lock_timeout=300)
print(json.dumps(ingest(sources, settings, embedder=HashEmbedder()).to_dict()))
"""


def test_two_ingests_and_a_reader_share_the_server_store(tmp_path, pg_cluster, chroma_server):
    """Two ingest processes with overlapping sources and a reader, on one server store at once:
    every article goes in once, nothing is lost, and the reader never sees a passage without its
    vector or the index shrinking."""
    import subprocess
    import sys
    import time

    from tests.test_retrieve import write_items
    from tests.test_store_refresh import ROOT

    urls = {"store_url": pg_cluster.new_database(), "chroma_url": chroma_server.new_collection()}
    # Each writer's sources: ten files, one by one, so the two runs interleave their articles;
    # files 10-19 are the same articles in both.
    first = write_items(tmp_path / "first", 0, 20, lambda i: f"Shared story {i} of the council.")
    second = write_items(tmp_path / "second", 10, 30, lambda i: f"Shared story {i} of the council.")
    sources = [[f"{first}/item{i}.txt" for i in range(20)],
               [f"{second}/item{i}.txt" for i in range(10, 30)]]
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / f"raw{n}"),
                                 urls["store_url"], urls["chroma_url"], *files], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for n, files in enumerate(sources)]
    reader = Store.from_settings(Settings(store=str(tmp_path / "reader"), **urls))
    seen: list[tuple[int, int]] = []
    while any(w.poll() is None for w in writers) or not seen:
        passages = reader.stats()["passages"]
        seen.append((passages, reader.vectors.count()))
        for hit in reader.search_keywords("shared story council", 2**40, 50):
            assert hit.title.startswith("Item ")
        time.sleep(0.05)
    reports = []
    for w in writers:
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
        reports.append(json.loads(out))
    assert all(vectors >= passages for passages, vectors in seen)  # vectors are written first
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    assert sum(r["added"] for r in reports) == 30
    stats = reader.stats()
    assert stats["articles"] == 30 and stats["passages"] == reader.vectors.count()
    titles = reader.rows._all("SELECT title, COUNT(*) FROM articles GROUP BY title")
    assert sorted(t for t, _ in titles) == sorted(f"Item {i}" for i in range(30))
    assert all(n == 1 for _, n in titles)


def test_writers_take_turns_on_the_advisory_lock(tmp_path, pg_cluster):
    from factcheck.errors import StoreLockedError

    url = pg_cluster.new_database()
    first = Store(tmp_path / "a", lock_timeout=1, store_url=url)
    second = Store(tmp_path / "b", lock_timeout=1, store_url=url)
    with first.writer():
        with pytest.raises(StoreLockedError, match="another factcheck process is writing"):
            with second.writer():
                pass
        assert second.stats()["articles"] == 0  # readers do not wait
    with second.writer():
        pass


def test_migrations_are_numbered_and_applied_once(tmp_path, pg_cluster):
    """Two processes opening a new database at once: one applies the migrations; a database
    from a newer factcheck is refused."""
    from concurrent.futures import ThreadPoolExecutor

    import psycopg

    from factcheck.store_postgres import MIGRATIONS

    url = pg_cluster.new_database()
    with ThreadPoolExecutor(2) as pool:
        stores = list(pool.map(lambda n: Store(tmp_path / str(n), store_url=url), range(2)))
    assert {s.rows.version for s in stores} == {MIGRATIONS[-1][0]}
    with psycopg.connect(url, autocommit=True) as conn:
        applied = conn.execute("SELECT version FROM schema_migrations ORDER BY version")
        assert [v for (v,) in applied] == [n for n, _ in MIGRATIONS]
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'later')")
    with pytest.raises(StoreError, match="schema version 999, newer than this factcheck"):
        Store(tmp_path / "c", store_url=url)


# Words the parser, the unaccenting and the lower-casing treat in different ways: accents,
# case, an underscore (two lexemes: a phrase), figures, other scripts.
TRICKY = ["The café on Straße 9 reopened; CAFÉ owners cheered.",
          "Cafe prices: covid_19 rules gone, 2026 budget ñandú.",
          "Москва and the harbour, the harbour again.",
          "東京都議会は交通予算を承認した。 the end"]
WORDS = ["the", "café", "cafe", "straße", "strasse", "covid_19", "covid", "19", "2026",
         "ñandú", "nandu", "москва", "harbour", "東京都議会は交通予算を承認した", "absent", "x_y_x"]


def term_table(rows) -> dict[str, int]:
    return dict(rows._all("SELECT term, n FROM term_frequency"))


def lexeme_counts(rows) -> dict[str, int]:
    """Each lexeme's passages, counted in the passages themselves."""
    return dict(rows._all("SELECT w.lexeme, COUNT(*) FROM passages p, unnest(p.words) AS w "
                          "GROUP BY w.lexeme"))


def word_counts(rows, words: list[str], total: int) -> tuple[dict, dict]:
    """The keyword leg's count of each word, and the count the GIN index gives."""
    rows._df, rows._df_total = {}, total
    with rows.pool.connection() as conn:
        rows._count_terms(conn, words, total)
    direct = dict(rows._all(
        "SELECT w, (SELECT COUNT(*) FROM (SELECT 1 FROM passages WHERE words @@ "
        "to_tsquery('simple', quote_literal(unaccent(w))) LIMIT %s) AS t) "
        "FROM unnest(%s::text[]) AS w", (common_cap(total), words)))
    return {w: rows._df[w] for w in words}, direct


def assert_counts_exact(rows) -> None:
    assert term_table(rows) == lexeme_counts(rows)
    for total in (10**6, 20):  # uncut, and cut at 5% of 20 passages (2)
        kept, direct = word_counts(rows, WORDS, total)
        assert kept == direct


def test_word_counts_follow_inserts_and_replacements(tmp_path, pg_cluster):
    """The server store keeps each word's passage count in a table, written with the passages:
    it holds what counting the passages gives after inserts and replacements (fewer passages,
    other words, none), and the keyword leg reads the same counts from it as from the index."""
    rows = Store(tmp_path / "s", store_url=pg_cluster.new_database()).rows
    rows.save_article(record("a", 2, TRICKY))
    rows.save_article(record("b", 3, TRICKY[:2], title="Café Straße"))
    assert_counts_exact(rows)
    kept, _ = word_counts(rows, WORDS, 10**6)
    assert ((kept["café"], kept["cafe"], kept["the"], kept["covid_19"], kept["absent"])
            == (4, 4, 4, 2, 0))
    assert word_counts(rows, ["the"], 20)[0] == {"the": 2}  # cut where a word is common

    rows.save_article(record("a", 2, ["Only the harbour now."]))  # fewer passages, words gone
    assert_counts_exact(rows)
    assert "москва" not in term_table(rows)  # no passage holds it: no row of 0
    rows.save_article(record("b", 3, [], title="Emptied"))
    rows.save_article(record("c", 4, TRICKY[2:]))
    assert_counts_exact(rows)
    assert term_table(rows)["harbour"] == 2 and "ñandú" not in term_table(rows)
    assert all(n > 0 for n in term_table(rows).values())
    # The counts come from the table (a word split in two is still counted in the index).
    with rows.pool.connection() as conn:
        conn.execute("UPDATE term_frequency SET n = 7 WHERE term IN ('harbour', 'covid', '19')")
    assert word_counts(rows, ["harbour", "covid_19"], 10**6)[0] == {"harbour": 7, "covid_19": 0}


def test_an_older_store_counts_its_words_on_open(tmp_path, pg_cluster):
    """A server store from before the word counts gets them from its passages when opened."""
    import psycopg

    from factcheck.store_postgres import MIGRATIONS

    url = pg_cluster.new_database()
    rows = Store(tmp_path / "s", store_url=url).rows
    rows.save_article(record("a", 2, TRICKY))
    rows.save_article(record("b", 3, TRICKY[1:], title="Café"))
    rows.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE term_frequency")
        conn.execute("ALTER TABLE passages DROP COLUMN ja_words")
        conn.execute("DELETE FROM schema_migrations WHERE version >= 3")
    rows = Store(tmp_path / "s", store_url=url).rows
    assert rows.version == MIGRATIONS[-1][0]
    assert term_table(rows) and term_table(rows) == lexeme_counts(rows)
    assert_counts_exact(rows)
    rows.save_article(record("a", 2, ["The café closed."]))
    assert_counts_exact(rows)


def test_concurrent_writers_keep_the_word_counts_exact(tmp_path, pg_cluster):
    """Two writers at once, without the writer lock, writing and replacing articles with the
    same words: no write fails (a deadlock would fail one) and every count is exact."""
    from concurrent.futures import ThreadPoolExecutor

    url = pg_cluster.new_database()
    first = Store(tmp_path / "a", store_url=url).rows
    second = Store(tmp_path / "b", store_url=url).rows
    vocabulary = [f"w{n:02d}" for n in range(40)]

    def write(rows, name: str, order: list[str]) -> None:
        for n in range(30):
            rows.save_article(record(f"{name}{n}", 2, [" ".join(order[n % 7:]),
                                                       " ".join(order[: 30 - n % 5])]))
            if n % 3 == 2:  # a story updated: other passages, fewer words
                rows.save_article(record(f"{name}{n - 1}", 2, [" ".join(order[n % 11:])]))

    with ThreadPoolExecutor(2) as pool:
        done = [pool.submit(write, first, "x", vocabulary),
                pool.submit(write, second, "y", vocabulary[::-1])]
        for future in done:
            future.result(timeout=300)
    counts = term_table(first)
    assert counts == lexeme_counts(first)
    stats = first.stats()
    assert stats["articles"] == 60 and counts["story"] == stats["passages"] == 100  # the titles


def test_migrate_copies_the_index_to_the_server_and_back(tmp_path, pg_cluster, chroma_server,
                                                         events, embedder):
    from factcheck.evalkit.render import render_article
    from factcheck.news.ingest import ingest

    pages = tmp_path / "pages"
    pages.mkdir()
    for event in events[:4]:
        (pages / f"{event['id']}.html").write_text(render_article(event), "utf-8")
    local = Settings(store=str(tmp_path / "local"))
    ingest([str(pages)], local, embedder=embedder)
    source = Store.from_settings(local)
    source.add_feed("https://news.example/feed.xml", "News")
    server = ["--store-url", pg_cluster.new_database(), "--chroma-url",
              chroma_server.new_collection()]

    code, out, err = invoke("migrate", "--store", local.store, *server, "--json")
    assert code == 0, err
    counts = json.loads(out)
    assert counts["source"]["articles"] == counts["target"]["articles"] == 4
    assert counts["target"]["passages"] == counts["target"]["vectors"] > 4
    code, _, err = invoke("migrate", "--store", local.store, *server)
    assert code == 1 and "already holds 4 articles" in err

    back = tmp_path / "back"
    code, out, err = invoke("migrate", "--to", "embedded", "--store", str(back), *server,
                            "--json")
    assert code == 0, err
    assert json.loads(out)["target"] == counts["source"] | {"store": str(back)}
    remote = Store.from_settings(Settings(store=local.store, store_url=server[1],
                                          chroma_url=server[3]))
    copy = Store(back)
    ids = [r["article_id"] for r in source.rows.articles()]
    assert term_table(remote.rows) == lexeme_counts(remote.rows)  # written by the copy

    query = events[2]["headline"]
    vector = embedder.encode([query])[0]
    for store in (remote, copy):
        assert ([h.passage_id for h in store.search_dense(vector, 2**40, 5)]
                == [h.passage_id for h in source.search_dense(vector, 2**40, 5)])
        assert ([h.passage_id for h in store.search_keywords(query, 2**40, 3)][:1]
                == [h.passage_id for h in source.search_keywords(query, 2**40, 3)][:1])
        assert store.feeds()[0]["title"] == "News"
        assert store.embedder_name() == source.embedder_name()
        assert ([[(o["url"], o["site"]) for o in store.outlets(i)] for i in ids]
                == [[(o["url"], o["site"]) for o in source.outlets(i)] for i in ids])
        assert store.raw_fetches() == source.raw_fetches()


def test_a_passage_both_keyword_legs_find_ranks_on_both(tmp_path, engine):
    """A Japanese query's Latin names ("JAXA") and its trigrams are searched in two indexes: a
    passage that holds both ranks over one that holds the trigrams only."""
    store = open_store(tmp_path, engine)
    store.check_embedder("axis", DIM)
    with store.writer():
        store.save_articles([
            record("cause", 3, ["H3ロケット8号機の不具合、原因は分離時の損傷か JAXA"], axis=0),
            record("failure", 2, ["H3ロケット8号機の打ち上げは失敗した。みちびき5号機は"
                                  "予定の軌道に届かなかった。"], axis=1),
            record("astronaut", 1, ["JAXA named a new astronaut for the station."], axis=2),
        ])
    hits = store.search_keywords("JAXAは、H3ロケット8号機の不具合の原因を分析した。", 2**40, 3)
    assert [h.article_id for h in hits][:1] == ["cause"]
    assert hits[0].bm25_rank == 1


# A two-kanji word written between other characters shares no trigram with the same word in
# the claim: 漁船を拿捕 against 拿捕された日本漁船. The distractor shares two trigrams (された,
# について) and none of the words.
SEIZED = record("seized", 2, ["水産庁によると、中国当局は日本の漁船を拿捕した。"],
                title="中国当局が漁船を拿捕", axis=0)
CATCH = record("catch", 3, ["サンマの水揚げについて、今年も不漁が続くと発表された。"],
               title="サンマ不漁", axis=1)
SEIZED_CLAIM = "拿捕された日本漁船について"
# Stories that share nothing with the claim: with two passages, every word is in half the
# index, and BM25 weighs no word.
OTHERS = [record(f"other{n}", 4, [text], title=title, axis=2 + n) for n, (title, text) in
          enumerate([("株価上昇", "東京株式市場で日経平均株価が上昇した。"),
                     ("大雪警報", "気象庁は北陸地方に大雪警報を出した。"),
                     ("新駅開業", "鉄道会社は新しい駅を三月に開業すると明らかにした。")])]


def test_japanese_words_find_what_trigrams_miss(tmp_path, engine):
    """Japanese passages are also searched by their words (Sudachi's): a story that holds the
    claim's words but none of its trigrams is found, beside one found by its trigrams."""
    store = open_store(tmp_path, engine)
    store.check_embedder("axis", DIM)
    with store.writer():
        store.save_articles([SEIZED, CATCH, *OTHERS])
    found = [h.article_id for h in store.search_keywords(SEIZED_CLAIM, 2**40, 5)]
    assert "seized" in found and "catch" in found
    # A replaced story's old words leave the index with it.
    with store.writer():
        store.save_articles([record("seized", 2, ["水産庁は漁業者に注意を呼びかけた。"],
                                    title="注意呼びかけ", axis=0)])
    assert "seized" not in [h.article_id for h in store.search_keywords("拿捕", 2**40, 5)]


def test_an_older_store_indexes_its_japanese_words_on_open(tmp_path, engine):
    """A store from before the Japanese word index gets it from its passages when opened."""
    store = open_store(tmp_path, engine)
    store.check_embedder("axis", DIM)
    with store.writer():
        store.save_articles([SEIZED, CATCH, *OTHERS])
    store.close()
    if "store_url" in engine:
        import psycopg

        with psycopg.connect(engine["store_url"], autocommit=True) as conn:
            conn.execute("ALTER TABLE passages DROP COLUMN ja_words")
            conn.execute("DELETE FROM schema_migrations WHERE version >= 4")
    else:
        import sqlite3

        db = sqlite3.connect(tmp_path / "store" / "factcheck.sqlite3")
        db.execute("DROP TABLE passages_ja")
        db.execute("PRAGMA user_version = 2")
        db.commit()
        db.close()
    store = open_store(tmp_path, engine)
    assert "seized" in [h.article_id for h in store.search_keywords(SEIZED_CLAIM, 2**40, 5)]


def test_a_few_rare_words_outweigh_many_common_trigrams(tmp_path, engine):
    """Each keyword index's scores are scaled to its best passage's before they are added: a
    Japanese claim has dozens of trigrams, most of them grammar (とみられる, かった), and a few
    words. Unscaled, a story that shares only the grammar outranked the claim's own story,
    which holds its words (拿捕, 漁船, 違法, サバ) and a few of its trigrams."""
    store = open_store(tmp_path, engine)
    store.check_embedder("axis", DIM)
    with store.writer():
        store.save_articles([
            record("seized", 2, ["水産庁は長崎県沖で中国漁船を拿捕し、船長を違法操業の疑いで逮捕"
                                 "した。船内からはサバが見つかった。"],
                   title="中国漁船を拿捕", axis=0),
            record("grammar", 3, ["市内の倉庫からは、古いとみられる資料が多数分かったとみられると"
                                  "発表された。"], title="倉庫で資料", axis=1),
            *OTHERS])
    claim = "拿捕された漁船からは、違法に取ったとみられるサバが大量に見つかった。"
    assert [h.article_id for h in store.search_keywords(claim, 2**40, 5)][:2] == [
        "seized", "grammar"]
