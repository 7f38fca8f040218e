"""The web chat and the CLI in Japanese: the language each request is answered in, the chat's
handlers with the Japanese setting over a real store and engine (the scripted fake model),
Japanese messages for known notes and errors, the setting's checks, and Japanese claims
through `factcheck claim --json` intact. The browser test is in test_app_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from factcheck.config import load_settings
from factcheck.errors import ConfigError
from factcheck.labels import LABELS
from factcheck.news.ingest import ingest
from factcheck.web import i18n
from factcheck.web.app import Handlers
from factcheck.web.engine import Engine
from factcheck.web.render import render_error, render_verdict
from tests.conftest import invoke
from tests.test_app_render import verdict
from tests.test_news_japanese import SAPPORO, ja_page, published_meta

SAPPORO_CLAIM = "札幌の大通公園で2026年1月7日、雪まつりの雪像づくりが始まった。"
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def japanese_store(root: Path, embedder) -> str:
    """A store holding one Japanese article (Sapporo), written as a local page."""
    page = root / "sapporo.html"
    page.write_text(ja_page(SAPPORO, head='<meta charset="utf-8">' + published_meta(
        "2026-01-07T10:00:00+09:00")), "utf-8")
    store = str(root / "store")
    report = ingest([str(page)], load_settings(store=store), embedder=embedder)
    assert len(report.added) == 1, report.to_dict()
    return store


@pytest.fixture(scope="module")
def ja_store(tmp_path_factory, embedder) -> str:
    return japanese_store(tmp_path_factory.mktemp("ja"), embedder)


@pytest.mark.parametrize("setting, header, expected", [
    ("auto", "ja,en-US;q=0.9,en;q=0.8", "ja"),
    ("auto", "ja-JP", "ja"),
    ("auto", "en-US,en;q=0.9,ja;q=0.8", "en"),
    ("auto", "fr-FR,ja;q=0.5", "ja"),  # the first language the page speaks
    ("auto", "ja;q=0", "en"),
    ("auto", None, "en"),
    ("ja", "en-US", "ja"),
    ("en", "ja", "en"),
])
def test_the_language_of_a_request(setting, header, expected):
    request = SimpleNamespace(headers={} if header is None else {"accept-language": header})
    assert i18n.request_language(setting, request) == expected


def test_every_string_has_both_languages_and_the_same_fields():
    for key, entry in i18n.TEXT.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        fields = [set(re.findall(r"{(\w+)}", entry[lang])) for lang in i18n.LANGUAGES]
        assert fields[0] == fields[1], key
        assert KANA_OR_KANJI.search(entry["ja"]), key
    assert {i18n.label_name(label, "ja") for label in LABELS} == {
        "裏付けあり", "反証あり", "判断材料不足", "報道に食い違い"}
    assert [i18n.label_name(label, "en") for label in LABELS] == [
        "SUPPORTED", "REFUTED", "NOT ENOUGH EVIDENCE", "CONFLICTING"]


def test_the_badge_keeps_the_canonical_label_and_shows_the_japanese_name():
    html = render_verdict(verdict(label="REFUTED"), "ja")
    assert "class='fc-badge fc-label-REFUTED'" in html
    assert ">反証あり</span>" in html and "class='fc-label-code'" in html
    assert "確信度" in html and "基準日" in html
    english = render_verdict(verdict(label="REFUTED"))
    assert ">REFUTED</span>" in english and "fc-label-code" not in english


def test_known_notes_and_errors_are_translated_and_unknown_ones_kept():
    note = ("No news in the index as of 2026-01-02 speaks to this claim. The claim concerns a "
            "time after the model's knowledge cutoff (2024-06); not having heard of it is not "
            "evidence that it is false.")
    said = i18n.translate_message(note, "ja")
    assert said.startswith("2026-01-02 時点の索引には") and "（2024-06）" in said
    assert "not having heard" not in said
    changed = i18n.translate_message(
        "REFUTED was changed to NOT_ENOUGH_EVIDENCE: no cited passage contradicts the claim, "
        "and absence of evidence is not refutation.", "ja")
    assert "「反証あり」を「判断材料不足」に改めました" in changed
    error = render_error("the as-of date '31/01/2026' is not a date; use YYYY-MM-DD, e.g. "
                         "2026-01-31", lang="ja")
    assert "この主張を確かめられませんでした。" in error and "YYYY-MM-DD の形で" in error
    assert i18n.translate_message("something new went wrong", "ja") == "something new went wrong"
    assert i18n.translate_message(note, "en") == note


def test_a_changed_verdict_in_the_history_is_told_in_japanese():
    from factcheck.history import change_sentence

    cited = {"citations": [{"n": 2, "stance": "supports", "url": "https://n.example/a",
                            "title": "札幌で雪像づくり始まる", "source": "n.example",
                            "published": "2026-01-07"}]}
    said = change_sentence("NOT_ENOUGH_EVIDENCE", "2026-01-06T10:00:00", "SUPPORTED",
                           "2026-01-07T10:00:00", cited)
    assert i18n.translate_message(said, "ja") == (
        "1月6日には「判断材料不足」、1月7日からは「裏付けあり」。根拠: [2] 札幌で雪像づくり始まる "
        "(n.example, 2026-01-07)")
    said = change_sentence("SUPPORTED", "2025-12-30T10:00:00", "NOT_ENOUGH_EVIDENCE",
                           "2026-01-07T10:00:00", {"citations": []})
    assert i18n.translate_message(said, "ja").startswith(
        "2025年12月30日には「裏付けあり」、2026年1月7日からは「判断材料不足」。いまは")


def test_the_ui_language_setting_is_checked(monkeypatch):
    assert load_settings(env={}).ui_language == "auto"
    assert load_settings(env={"FACTCHECK_UI_LANGUAGE": "ja"}).ui_language == "ja"
    with pytest.raises(ConfigError, match="FACTCHECK_UI_LANGUAGE.*auto, en, ja"):
        load_settings(env={"FACTCHECK_UI_LANGUAGE": "jp"})
    code, _, err = invoke("app", "--ui-language", "jp")
    assert code == 2 and "'jp' is not one of" in err


def test_the_japanese_chat_answers_a_japanese_claim_in_japanese(ja_store, embedder, fake_llm):
    engine = Engine(load_settings(store=ja_store, backend="fake", ui_language="ja"),
                    embedder=embedder)
    try:
        h = Handlers(engine)
        shown, history = [], []
        for history, _ in h.respond(SAPPORO_CLAIM, [], "2026-01-31", 3):
            shown.append(history[-1]["content"])  # each step as the page receives it
        assert "索引の順番を待っています" in shown[0]
        assert any("までに公開された根拠をニュース索引から探しています" in s for s in shown)
        final = shown[-1]
        label = re.search(r"class='fc-badge fc-label-(\w+)'", final).group(1)
        assert label in LABELS  # whichever it is: the flow, not the judging, is under test
        assert f">{i18n.label_name(label, 'ja')}</span>" in final
        assert "確信度" in final and "基準日 2026-01-31" in final
        assert "モデルの読み" in final and "判定には含まれません" in final
        assert history[0] == {"role": "user", "content": SAPPORO_CLAIM}

        [(history, kept)] = list(h.respond("   ", [], "", 3))
        assert "主張が空です" in history[-1]["content"] and "この主張を確かめられませんでした" in (
            history[-1]["content"])
        [(history, kept)] = list(h.respond(SAPPORO_CLAIM, [], "31/01/2026", 3))
        assert "基準日 &#x27;31/01/2026&#x27; は日付として読めません" in history[-1]["content"]
        assert kept == SAPPORO_CLAIM
        outputs = list(h.add_news("file:///etc/passwd"))
        assert "何も追加されませんでした" in outputs[-1][1]
        assert "記事" in h.snapshot() and "カットオフ" in h.snapshot()
        assert "プライベートアドレス" in h.server_settings()
    finally:
        engine.close()


def test_cli_claim_json_round_trips_japanese(ja_store, monkeypatch, fake_llm):
    monkeypatch.setenv("FACTCHECK_BACKEND", "fake")
    code, out, err = invoke("claim", SAPPORO_CLAIM, "--store", ja_store, "--json",
                            "--as-of", "2026-01-31")
    assert code == 0, err
    assert "\\u" not in out and SAPPORO_CLAIM in out
    data = json.loads(out)
    assert data["claim"] == SAPPORO_CLAIM and data["label"] in LABELS
    assert data["temporal"]["claim_dates"] == ["2026-01-07"]
    search = invoke("search", "札幌の雪像", "--store", ja_store, "--json")[1]
    assert json.loads(search)["results"][0]["title"] == SAPPORO[0] and "\\u" not in search
