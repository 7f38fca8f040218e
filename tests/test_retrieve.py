"""Hybrid, time-aware retrieval over a small index, written by the ingest pipeline."""

import datetime as dt

import pytest

from factcheck.config import Settings
from factcheck.evalkit.render import render_article
from factcheck.news.ingest import ingest
from factcheck.retrieve import leads, parse_expression, retrieve
from factcheck.store import Store
from tests.conftest import ENGINES, engine_settings
from tests.test_news_ingest import HashEmbedder, story

ARTICLES = [
    # (name, site, published, title, text)
    ("jan", "a.example", "2026-01-05", "Council votes on budget",
     "The city council approved the transport budget after a long debate. Councillors argued "
     "for hours over new bus lanes before the final vote."),
    ("feb", "b.example", "2026-02-20", "Council votes on budget again",
     "The city council approved the transport budget in a second vote after a long debate. The "
     "mayor had sent the first plan back with changes."),
    ("mar", "c.example", "2026-03-30", "Council budget vote",
     "The city council approved a transport budget amendment after a long debate. The "
     "amendment adds money for night trams on weekends."),
    ("ja", "d.example", "2026-01-10", "東京の予算",
     "東京都議会は交通予算を承認した。長い議論の末の決定だった。予算には新しいバス路線と駅の改修が"
     "含まれる。多くの議員が賛成したが、一部の議員は財源について懸念を示した。"),
    ("cats", "a.example", "2026-01-06", "Cat show draws crowds",
     "A cat show in the town hall drew record crowds of pet owners. Judges handed out prizes "
     "for the fluffiest Persian and the calmest kitten."),
]


@pytest.fixture(scope="module", params=ENGINES)
def store(request, tmp_path_factory, embedder):
    """The index on each engine: the embedded store, then the server store."""
    root = tmp_path_factory.mktemp("retrieve")
    pages = root / "pages"
    pages.mkdir()
    for name, site, day, title, text in ARTICLES:
        event = {"id": name, "date": day, "headline": title, "article": text,
                 "urls": [f"https://{site}/{name}"], "lang": "en" if text.isascii() else "ja"}
        (pages / f"{name}.html").write_text(render_article(event), "utf-8")
    settings = Settings(store=str(root / "store"), **engine_settings(request, request.param))
    report = ingest([str(pages)], settings, embedder=embedder).to_dict()
    assert report["added"] == len(ARTICLES), report
    return Store.from_settings(settings)


def ids(hits):
    """The names of the hits' articles (the last part of their URLs)."""
    return [h.url.rsplit("/", 1)[1] for h in hits]


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


def test_a_report_from_the_weeks_after_a_named_month_counts_as_the_months(tmp_path, engine,
                                                                         embedder):
    """March's figures are published in April: the April report must not lose to stories of
    March about other things for being published after the month."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, site, day, title, text in [*ARTICLES, (
            "apr", "e.example", "2026-04-16", "Dovania's economy grows 5.0% in the first quarter",
            "Dovania's retail sales rose only 1.7% in March while industrial output grew 5.7%, "
            "official data showed on 16 April."), (
            "rail", "f.example", "2026-03-20", "Dovania raises rail fares",
            "Dovania's state railway said its fares would grow by 5% from 1 April, after sales "
            "of season tickets fell.")]:
        event = {"id": name, "date": day, "headline": title, "article": text,
                 "urls": [f"https://{site}/{name}"], "lang": "en" if text.isascii() else "ja"}
        (pages / f"{name}.html").write_text(render_article(event), "utf-8")
    settings = Settings(store=str(tmp_path / "store"), **engine)
    ingest([str(pages)], settings, embedder=embedder)
    store = Store.from_settings(settings)
    try:
        hits = retrieve(store, embedder, "Dovania's retail sales grew 5.7% in March 2026.",
                        dt.date(2026, 4, 16), k=3)
        assert ids(hits)[0] == "apr"
    finally:
        store.close()


def test_relative_date_resolved_against_as_of(store, embedder):
    hits = retrieve(store, embedder, "council approved the transport budget last week",
                    dt.date(2026, 4, 5), k=3)
    assert ids(hits)[0] == "mar"


def test_both_ranks_reported(store, embedder):
    hits = retrieve(store, embedder, "cat show crowds", dt.date(2026, 4, 30), k=3)
    assert ids(hits)[0] == "cats"
    assert hits[0].dense_rank == 1 and hits[0].bm25_rank == 1


def test_japanese_query_found_by_trigram_keywords(store, embedder):
    hits = retrieve(store, embedder, "交通予算を承認", dt.date(2026, 4, 30), k=3)
    assert ids(hits)[0] == "ja" and hits[0].bm25_rank == 1


def test_japanese_sentence_claim_found_by_its_trigrams(store, embedder):
    # A whole Japanese sentence is one \w+ run that no passage repeats verbatim.
    claim = "2026年1月、東京都議会が長い議論の末に交通予算を承認したという。"
    hits = retrieve(store, embedder, claim, dt.date(2026, 4, 30), k=3)
    assert ids(hits)[0] == "ja" and hits[0].bm25_rank == 1


def test_outlets_are_diversified(store, embedder):
    hits = retrieve(store, embedder, "a.example town council cat budget", dt.date(2026, 4, 30),
                    k=2)
    assert len({h.site for h in hits}) == 2


def test_an_articles_lead_is_found_for_a_later_passage(tmp_path, engine, embedder):
    """``leads`` gives the first passage of each hit's article that is not itself a hit, and
    nothing published after as_of."""
    lead = "The Arvelia Grand Prix was won by Ann Lee on 15 March 2026. " * 12
    later = "Bo Kerr finished third after a long duel in the closing laps. " * 12
    pages = tmp_path / "pages"
    pages.mkdir()
    event = {"id": "race", "date": "2026-03-15", "headline": "Lee wins in Arvelia",
             "article": lead + "\n\n" + later, "urls": ["https://a.example/race"]}
    (pages / "race.html").write_text(render_article(event), "utf-8")
    settings = Settings(store=str(tmp_path / "store"), **engine)
    ingest([str(pages)], settings, embedder=embedder)
    store = Store.from_settings(settings)
    try:
        hits = retrieve(store, embedder, "Bo Kerr finished third", dt.date(2026, 3, 16))
        article = hits[0].article_id
        passages = store.passages([f"{article}:0", f"{article}:1"])
        assert len(passages) == 2, "the story should be cut into two passages"
        second = passages[f"{article}:1"]
        assert [h.passage_id for h in leads(store, [second], dt.date(2026, 3, 16))] == [
            f"{article}:0"]
        assert leads(store, [passages[f"{article}:0"], second], dt.date(2026, 3, 16)) == []
        assert leads(store, [second], dt.date(2026, 3, 14)) == []
    finally:
        store.close()


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
    assert ids([dense_first]) == ["cats"]


def write_items(folder, first, last, sentence):
    """Text articles ``Item first`` .. ``Item last - 1`` of 5 January 2026, each ``sentence``
    (with its number) followed by words of its own, so none is a copy of another."""
    folder.mkdir(exist_ok=True)
    for i in range(first, last):
        (folder / f"item{i}.txt").write_text(
            f"Item {i}\nDate: 2026-01-05T09:00:00+00:00\n\n{sentence(i)} {story(i, 30)}", "utf-8")
    return str(folder)


def test_common_words_are_left_out_of_a_large_keyword_index(tmp_path, monkeypatch, engine):
    import factcheck.keywords as store_module

    settings = Settings(store=str(tmp_path / "store"), **engine)
    store = Store.from_settings(settings)

    def officials(i):
        text = f"Officials said the city budget grew in district {i}."
        return text + " The mayor resigned over a zoning scandal." if i == 7 else text

    report = ingest([write_items(tmp_path / "first", 0, 40, officials)], settings, store=store,
                    embedder=HashEmbedder()).to_dict()
    assert report["added"] == 40, report
    terms = ["officials", "budget", "mayor", "zoning", "scandal", "resigned"]
    assert store.rows.keyword_terms(terms) == terms  # a small index keeps every word
    monkeypatch.setattr(store_module, "_COMMON_MIN_PASSAGES", 10)
    assert store.rows.keyword_terms(terms) == ["mayor", "zoning", "scandal", "resigned"]
    kept = store.rows.keyword_terms(["officials", "budget", "city", "mayor"])
    assert len(kept) == 3 and "mayor" in kept  # never fewer than the three rarest
    # Past the three rarest, words join only while their passages fit the postings budget.
    monkeypatch.setattr(store_module, "_POSTINGS_BUDGET", 3)
    assert store.rows.keyword_terms(terms) == ["mayor", "zoning", "scandal"]
    monkeypatch.setattr(store_module, "_POSTINGS_BUDGET", 2000)
    hits = store.search_keywords("officials said the mayor resigned", 1767700000, 3)
    assert hits[0].title == "Item 7"
    # Cached word counts are refreshed once the index grows by more than a tenth: "mayor",
    # rare at first, is common after 20 more passages about mayors.
    report = ingest([write_items(tmp_path / "more", 40, 60,
                                 lambda i: f"The mayor of district {i} spoke.")],
                    settings, store=store, embedder=HashEmbedder()).to_dict()
    assert report["added"] == 20, report
    assert "mayor" not in store.rows.keyword_terms(terms)



def test_an_outlet_that_publishes_most_stories_keeps_its_relevant_ones(tmp_path, embedder):
    """Outlets alternate among passages about as relevant, but the second story of the
    outlet that publishes most of the index still comes before another outlet's story that
    shares one phrase with the claim. A Japanese query is ranked by its keyword leg alone,
    whose votes lie close together: a penalty of many ranks made the other outlet's story
    pass it."""
    stories = [
        ("f2", "wire.example", "フェリー乗組員がスト終結",
         "フェリーの乗組員は賃金で合意し、ストを終えた。島への航路は再開した。"),
        ("f1", "wire.example", "フェリー乗組員がストライキ",
         "フェリーの乗組員がストライキを始めた。島への航路は全便欠航となった。"),
        ("museum", "other.example", "美術館が再開", "島の美術館は改修を終えた。"),
    ] + [(f"w{i}", "wire.example", f"{port}港で漁船の訓練",
          f"{port}港の漁船の乗組員{i + 3}人が{drill}の訓練を終えた。")
         for i, (port, drill) in enumerate(zip(
             ["銚子", "焼津", "気仙沼", "境", "八戸", "釧路", "枕崎"],
             ["消火", "救命", "無線", "操船", "避難", "応急手当", "荒天航行"], strict=True))]
    # Pages need some length before the extractor takes them for articles.
    filler = ["{}の担当者は、詳しい経緯を{}日に説明すると話している。",
              "{}では関係者が{}日に会合を開く予定だ。",
              "{}の住民からは、{}日までに説明を求める声が上がった。"]
    stories = [(name, site, title, text + "".join(f.format(title[:4], 10 + n + k)
                                                    for k, f in enumerate(filler)))
               for n, (name, site, title, text) in enumerate(stories)]
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, site, title, text in stories:
        event = {"id": name, "date": "2026-02-03", "headline": title, "article": text,
                 "urls": [f"https://{site}/{name}"], "lang": "ja"}
        (pages / f"{name}.html").write_text(render_article(event), "utf-8")
    settings = Settings(store=str(tmp_path / "store"))
    report = ingest([str(pages)], settings, embedder=embedder).to_dict()
    assert report["added"] >= 3, report
    hits = retrieve(Store.from_settings(settings), embedder,
                    "フェリーの乗組員は賃金で合意し、ストを終えた。", dt.date(2026, 2, 4), k=2,
                    per_article=1)
    assert ids(hits) == ["f2", "f1"], ids(hits)
