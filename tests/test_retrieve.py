"""Hybrid, time-aware retrieval over a small hand-built store."""

import datetime as dt

import pytest

from factcheck.dates import normalise_published
from factcheck.retrieve import parse_expression, retrieve
from factcheck.store import Store

ARTICLES = [
    # (id, site, published, title, text)
    ("jan", "a.example", "2026-01-05", "Council votes on budget",
     "The city council approved the transport budget after a long debate."),
    ("feb", "b.example", "2026-02-20", "Council votes on budget again",
     "The city council approved the transport budget in a second vote after a long debate."),
    ("mar", "c.example", "2026-03-30", "Council budget vote",
     "The city council approved a transport budget amendment after a long debate."),
    ("ja", "d.example", "2026-01-10", "東京の予算",
     "東京都議会は交通予算を承認した。長い議論の末の決定だった。"),
    ("cats", "a.example", "2026-01-06", "Cat show draws crowds",
     "A cat show in the town hall drew record crowds of pet owners."),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, embedder):
    store = Store(tmp_path_factory.mktemp("retrieve") / "store")
    store.check_embedder(embedder.name, embedder.dim)
    with store.writer():
        for aid, site, day, title, text in ARTICLES:
            when = normalise_published(day + "T09:00:00+00:00")
            store.add_article(
                article_id=aid, url=f"https://{site}/{aid}", canonical_url=f"https://{site}/{aid}",
                content_hash=aid, title=title, site=site, published=when.isoformat(),
                published_ts=int(when.timestamp()), date_source="page", language=None,
                passages=[text], vectors=embedder.encode([f"{title}. {text}"]))
    return store


def ids(hits):
    return [h.article_id for h in hits]


def test_as_of_is_a_hard_filter_in_both_legs(store, embedder):
    hits = retrieve(store, embedder, "city council transport budget", dt.date(2026, 1, 31), k=10)
    assert "feb" not in ids(hits) and "mar" not in ids(hits)
    assert "jan" in ids(hits)
    assert all(h.published[:10] <= "2026-01-31" for h in hits)


def test_claim_date_pulls_passages_near_it(store, embedder):
    as_of = dt.date(2026, 4, 30)
    near_feb = retrieve(store, embedder, "The council approved the budget on 20 February 2026.",
                        as_of, k=3)
    assert ids(near_feb)[0] == "feb"
    near_jan = retrieve(store, embedder, "The council approved the budget on 5 January 2026.",
                        as_of, k=3)
    assert ids(near_jan)[0] == "jan"


def test_month_named_in_claim_covers_the_whole_month(store, embedder):
    # "in March 2026" means any day of March: the story of 30 March must not lose to the one
    # of 20 February for being further from 1 March.
    hits = retrieve(store, embedder, "The city council approved a transport budget amendment "
                    "in March 2026.", dt.date(2026, 4, 30), k=3)
    assert ids(hits)[0] == "mar"


def test_relative_date_resolved_against_as_of(store, embedder):
    hits = retrieve(store, embedder, "council approved the transport budget last week",
                    dt.date(2026, 4, 5), k=3)
    assert ids(hits)[0] == "mar"


def test_both_ranks_reported(store, embedder):
    hits = retrieve(store, embedder, "cat show crowds", dt.date(2026, 4, 30), k=3)
    assert hits[0].article_id == "cats"
    assert hits[0].dense_rank == 1 and hits[0].bm25_rank == 1


def test_japanese_query_found_by_trigram_keywords(store, embedder):
    hits = retrieve(store, embedder, "交通予算を承認", dt.date(2026, 4, 30), k=3)
    assert hits[0].article_id == "ja" and hits[0].bm25_rank == 1


def test_japanese_sentence_claim_found_by_its_trigrams(store, embedder):
    # A whole Japanese sentence is one \w+ run that no passage repeats verbatim.
    claim = "2026年1月、東京都議会が長い議論の末に交通予算を承認したという。"
    hits = retrieve(store, embedder, claim, dt.date(2026, 4, 30), k=3)
    assert hits[0].article_id == "ja" and hits[0].bm25_rank == 1


def test_outlets_are_diversified(store, embedder):
    hits = retrieve(store, embedder, "a.example town council cat budget", dt.date(2026, 4, 30),
                    k=2)
    assert len({h.site for h in hits}) == 2


def test_parse_expression():
    assert parse_expression("interpretability + monitoring - hype") == (
        ["interpretability", "monitoring"], ["hype"])
    assert parse_expression("state-of-the-art models") == (["state-of-the-art models"], [])


def test_concept_arithmetic_subtracts(store, embedder):
    plain = retrieve(store, embedder, "council budget", dt.date(2026, 4, 30), k=5,
                     expression=True)
    minus = retrieve(store, embedder, "council budget + pets - transport", dt.date(2026, 4, 30),
                     k=5, expression=True)
    assert ids(plain)[0] != "cats"
    dense_first = min(minus, key=lambda h: h.dense_rank or 99)
    assert dense_first.article_id == "cats"


def test_common_words_are_left_out_of_a_large_keyword_index(tmp_path, monkeypatch):
    import factcheck.store as store_module

    store = Store(tmp_path / "store")
    with store.writer():
        for i in range(40):
            text = f"Officials said the city budget grew in district {i}."
            if i == 7:
                text += " The mayor resigned over a zoning scandal."
            store.add_article(
                article_id=f"a{i}", url=f"https://x.example/{i}",
                canonical_url=f"https://x.example/{i}", content_hash=str(i), title=f"Item {i}",
                site="x.example", published="2026-01-05T09:00:00+00:00",
                published_ts=1767603600, date_source="page", language=None,
                passages=[text], vectors=[[0.1] * 8])
    terms = ["officials", "budget", "mayor", "zoning", "scandal", "resigned"]
    db = store._keyword_db()
    assert store._informative(db, terms) == terms  # a small index keeps every word
    monkeypatch.setattr(store_module, "_COMMON_MIN_PASSAGES", 10)
    assert store._informative(db, terms) == ["mayor", "zoning", "scandal", "resigned"]
    kept = store._informative(db, ["officials", "budget", "city", "mayor"])
    assert len(kept) == 3 and "mayor" in kept  # never fewer than the three rarest
    # Past the three rarest, words join only while their passages fit the postings budget.
    monkeypatch.setattr(store_module, "_POSTINGS_BUDGET", 3)
    assert store._informative(db, terms) == ["mayor", "zoning", "scandal"]
    monkeypatch.setattr(store_module, "_POSTINGS_BUDGET", 2000)
    hits = store.search_keywords("officials said the mayor resigned", 1767700000, 3)
    assert hits[0].article_id == "a7"
    # Cached word counts are refreshed once the index grows by more than a tenth: "mayor",
    # rare at first, is common after 20 more passages about mayors.
    with store.writer():
        for i in range(40, 60):
            store.add_article(
                article_id=f"a{i}", url=f"https://x.example/{i}",
                canonical_url=f"https://x.example/{i}", content_hash=str(i), title=f"Item {i}",
                site="x.example", published="2026-01-05T09:00:00+00:00",
                published_ts=1767603600, date_source="page", language=None,
                passages=[f"The mayor of district {i} spoke."], vectors=[[0.1] * 8])
    assert "mayor" not in store._informative(db, terms)
