"""The web chat's words in English and Japanese: one table, each string defined once.

The page's own text (headings, labels, buttons) goes to Gradio's i18n, which picks the
language from the browser's locale, unless the ``ui_language`` setting names one. Everything
the server renders (verdict cards, notes, errors, status lines, the index's statistics) is
rendered in the language of the request: the setting's, else the browser's Accept-Language.

Verdict labels stay the four canonical words as machine values (classes, the API's JSON);
only what a reader sees is translated. Notes and library errors are translated when they
match a known message (``MESSAGES``), else shown as the library wrote them.
"""

from __future__ import annotations

import re
from typing import Any

from ..labels import CONFLICTING, NEE, REFUTED, SUPPORTED

__all__ = ["LANGUAGES", "MESSAGES", "TEXT", "choose_language", "gradio_i18n", "label_name",
           "page_text", "request_language", "status_text", "text", "translate_message"]

LANGUAGES = ("en", "ja")
SETTINGS = ("auto", *LANGUAGES)

EXAMPLE = {"en": "US forces captured Nicolás Maduro in Caracas on 3 January 2026.",
           "ja": "米軍は2026年1月3日、カラカスでニコラス・マドゥロ氏を拘束した。"}

TEXT: dict[str, dict[str, str]] = {
    # -- the page ------------------------------------------------------------------------
    "intro": {
        "en": "## factcheck\nCheck a claim about recent news against your own news index. "
              "The local model is told its knowledge cutoff and judges from dated evidence "
              "only.",
        "ja": "## factcheck\n最近のニュースについての主張を、手元のニュース索引と照らし合わせて"
              "確かめます。ローカルのモデルには知識の期限（カットオフ）を伝え、日付のある根拠"
              "だけから判断させます。"},
    "chat": {"en": "Claims and verdicts", "ja": "主張と判定"},
    "claim": {"en": "Claim", "ja": "主張"},
    "claim_example": EXAMPLE,
    "as_of": {"en": "As of (YYYY-MM-DD, empty: today)", "ja": "基準日（YYYY-MM-DD、空欄なら今日）"},
    "today": {"en": "today", "ja": "今日"},
    "check": {"en": "Check", "ja": "確かめる"},
    "clear": {"en": "Clear chat", "ja": "会話を消去"},
    "add_news": {"en": "Add news", "ja": "ニュースを追加"},
    "source": {"en": "Feed or article URL (several: one per line)",
               "ja": "フィードまたは記事のURL（複数なら1行に1つ）"},
    "add": {"en": "Add to the index", "ja": "索引に追加"},
    "history": {"en": "History", "ja": "履歴"},
    "past_check": {"en": "Past check", "ja": "過去の確認"},
    "reopen": {"en": "Reopen", "ja": "もう一度開く"},
    "export_history": {"en": "Export the history", "ja": "履歴を書き出す"},
    "export": {"en": "Export", "ja": "書き出す"},
    "download": {"en": "Download", "ja": "ダウンロード"},
    "index_model": {"en": "Index and model", "ja": "索引とモデル"},
    "refresh": {"en": "Refresh", "ja": "更新"},
    "settings": {"en": "Settings", "ja": "設定"},
    "top_k": {"en": "Evidence passages for your checks (top-k)",
              "ja": "確認に使う根拠の段落数（top-k）"},
    "private_addresses": {"en": "Private addresses", "ja": "プライベートアドレス"},
    "private_fetched": {"en": "fetched (--allow-private)", "ja": "取得する（--allow-private）"},
    "private_refused": {"en": "refused", "ja": "拒否する"},
    "passages_per_claim": {"en": "Evidence passages per claim", "ja": "主張ごとの根拠の段落数"},
    "set_by_server": {"en": "Set by whoever runs this app (command line or settings file).",
                      "ja": "このアプリを動かしている人が設定します（コマンドラインまたは設定"
                            "ファイル）。"},
    # -- verdict labels and stances: what a reader sees for each machine value ------------
    f"label.{SUPPORTED}": {"en": "SUPPORTED", "ja": "裏付けあり"},
    f"label.{REFUTED}": {"en": "REFUTED", "ja": "反証あり"},
    f"label.{NEE}": {"en": "NOT ENOUGH EVIDENCE", "ja": "判断材料不足"},
    f"label.{CONFLICTING}": {"en": "CONFLICTING", "ja": "報道に食い違い"},
    "stance.supports": {"en": "supports", "ja": "裏付け"},
    "stance.refutes": {"en": "refutes", "ja": "反証"},
    "stance.neutral": {"en": "neutral", "ja": "中立"},
    # -- the verdict card ------------------------------------------------------------------
    "confidence": {"en": "confidence {value}", "ja": "確信度 {value}"},
    "no_evidence": {"en": "No evidence cited.", "ja": "引用された根拠はありません。"},
    "footer": {"en": "as of {as_of} (today {today}) · model {model}, cutoff {cutoff} · "
                     "retrieve {retrieve} ms, model {llm} ms",
               "ja": "基準日 {as_of}（今日 {today}）・モデル {model}、カットオフ {cutoff}・"
                     "検索 {retrieve} ms、モデル {llm} ms"},
    "unknown": {"en": "unknown", "ja": "不明"},
    "timeline": {"en": "Evidence dates against the model's knowledge cutoff and the as-of day",
                 "ja": "根拠の日付と、モデルの知識の期限および基準日"},
    "timeline_cutoff": {"en": "model cutoff {cutoff}", "ja": "モデルのカットオフ {cutoff}"},
    "timeline_as_of": {"en": "as of {day}", "ja": "基準日 {day}"},
    "timeline_claim_day": {"en": "date in the claim: {day}", "ja": "主張の日付: {day}"},
    "reading": {"en": "The model's reading: {model} ({weight}; not part of the verdict)",
                "ja": "モデルの読み: {model}（{weight}。判定には含まれません）"},
    "reading_no_weight": {"en": "it has no weight in the verdict above",
                          "ja": "上の判定での重みは 0"},
    "reading_weight": {"en": "weight {weight} in verdicts", "ja": "判定での重み {weight}"},
    # -- errors ----------------------------------------------------------------------------
    "error_check": {"en": "Could not check this claim.",
                    "ja": "この主張を確かめられませんでした。"},
    "error_reading": {"en": "The model's reading failed (the verdict above stands).",
                      "ja": "モデルの読みに失敗しました（上の判定はそのままです）。"},
    "error_nothing_added": {"en": "Nothing added.", "ja": "何も追加されませんでした。"},
    "error_index": {"en": "Cannot read the index.", "ja": "索引を読めません。"},
    "error_model": {"en": "Model not loaded.", "ja": "モデルを読み込めていません。"},
    "error_history": {"en": "Cannot read the history.", "ja": "履歴を読めません。"},
    "error_reopen": {"en": "Cannot reopen it.", "ja": "開き直せません。"},
    "error_private_title": {"en": "Private address refused.",
                            "ja": "プライベートアドレスは拒否されました。"},
    "error_private": {
        "en": "This server does not fetch from loopback, LAN or link-local addresses. Whoever "
              "runs it can allow that with --allow-private (or allow_private in the settings "
              "file).",
        "ja": "このサーバーはループバック、LAN、リンクローカルのアドレスからは取得しません。"
              "サーバーを動かしている人が --allow-private（または設定ファイルの "
              "allow_private）で許可できます。"},
    "error_empty_claim": {"en": "the claim is empty; type a claim to check, e.g. {example}",
                          "ja": "主張が空です。確かめたい主張を入力してください（例: {example}）"},
    "error_no_source": {"en": "paste a feed or article URL first, e.g. https://example.org/rss.xml",
                        "ja": "先にフィードか記事のURLを貼り付けてください（例: "
                              "https://example.org/rss.xml）"},
    "error_many_sources": {
        "en": "{n} sources at once, over {max}; add fewer at a time (many feeds: factcheck "
              "feeds add FILE.opml)",
        "ja": "一度に {n} 件で、上限の {max} 件を超えています。少しずつ追加してください（フィード"
              "が多いときは factcheck feeds add FILE.opml）"},
    "error_not_url": {
        "en": "{source} is not an http:// or https:// URL; the web app adds feeds and articles "
              "by URL (files: factcheck ingest)",
        "ja": "{source} は http:// または https:// のURLではありません。Webアプリではフィードと"
              "記事をURLで追加します（ファイルは factcheck ingest で）"},
    "error_unexpected": {
        "en": "unexpected {kind}: {detail}. The app is still running; the server log has the "
              "details.",
        "ja": "予期しないエラーです（{kind}: {detail}）。アプリは動き続けています。詳しくは"
              "サーバーのログにあります。"},
    "empty": {"en": "(empty)", "ja": "（空）"},
    "error_export_format": {"en": "pick an export format: {formats}",
                            "ja": "書き出す形式を選んでください: {formats}"},
    "error_pick_past": {"en": "pick a past check in the history list first",
                        "ja": "先に履歴の一覧から過去の確認を選んでください"},
    # -- status lines ----------------------------------------------------------------------
    "waiting": {"en": "Waiting for the index…", "ja": "索引の順番を待っています…"},
    "loading_model": {"en": "Loading the model (first use)…",
                      "ja": "モデルを読み込んでいます（初回のみ）…"},
    "searching": {"en": "Searching the news index for evidence published up to {day}…",
                  "ja": "{day} までに公開された根拠をニュース索引から探しています…"},
    "judging": {"en": "Evidence retrieved; {model} is judging the claim…",
                "ja": "根拠を取り出しました。{model} が主張を判定しています…"},
    "reading_evidence": {
        "en": "{model} is reading the evidence (its reading is not part of the verdict)…",
        "ja": "{model} が根拠を読んでいます（その読みは判定には含まれません）…"},
    "fetching": {"en": "Fetching {n} source(s)…", "ja": "{n} 件の情報源を取得しています…"},
    "progress": {"en": "{done} done · {event}: {detail}", "ja": "{done} 件完了・{event}: {detail}"},
    "event.added": {"en": "added", "ja": "追加"},
    "event.failed": {"en": "failed", "ja": "失敗"},
    "event.skipped": {"en": "skipped", "ja": "スキップ"},
    "event.feed": {"en": "feed", "ja": "フィード"},
    "event.unchanged": {"en": "unchanged", "ja": "変更なし"},
    "done_in": {"en": "Done in {seconds} s.", "ja": "{seconds} 秒で完了しました。"},
    # -- the index, ingest summaries and the history ---------------------------------------
    "articles": {"en": "Articles", "ja": "記事"},
    "passages": {"en": "Passages", "ja": "段落"},
    "dates": {"en": "Dates", "ja": "日付"},
    "sources": {"en": "Sources", "ja": "情報源"},
    "model": {"en": "Model", "ja": "モデル"},
    "cutoff": {"en": "Cutoff", "ja": "カットオフ"},
    "ingest_head": {
        "en": "Added {added} articles ({passages} passages), unchanged {unchanged}, skipped "
              "{skipped}, failed {failed}.",
        "ja": "{added} 件の記事を追加しました（段落 {passages}）。変更なし {unchanged}、"
              "スキップ {skipped}、失敗 {failed}。"},
    "ingest_added": {"en": "added: {title} ({day}, {site})",
                     "ja": "追加: {title}（{day}、{site}）"},
    "ingest_skipped": {"en": "skipped: {url}: {reason}", "ja": "スキップ: {url}: {reason}"},
    "ingest_failed": {"en": "failed: {reason}", "ja": "失敗: {reason}"},
    "ingest_recheck": {
        "en": "re-checked {n} saved claim(s) the new articles touch; {changed} changed",
        "ja": "新しい記事に関わる保存済みの主張 {n} 件を確かめ直し、{changed} 件が変わりました"},
    "no_checks": {"en": "No checks yet.", "ja": "まだ確認はありません。"},
    "stale": {"en": "stale", "ja": "古い判定"},
    "older_than": {"en": "older than {days} days", "ja": "{days} 日より前"},
    "past_head": {"en": "Check #{id} of {when} UTC ({trigger})",
                  "ja": "確認 #{id}（{when} UTC、{trigger}）"},
    "past_stale": {"en": " · stale: re-check it", "ja": "・古い判定です。確かめ直してください"},
    "past_superseded": {"en": " · a later check replaced it",
                        "ja": "・後の確認に置き換えられました"},
    "changed": {"en": "Changed:", "ja": "変化:"},
}

_CUTOFF_NOTE = (r"The claim concerns a time after the model's knowledge cutoff \((?P<cutoff>[^)]*)"
                r"\); not having heard of it is not evidence that it is false\.")
# Messages the library writes (verdict notes, input errors), as patterns; the Japanese may
# use the pattern's groups, and {rest} is the rest of the message, translated in turn.
MESSAGES: list[tuple[re.Pattern[str], dict[str, str]]] = [(re.compile(p, re.S), t) for p, t in (
    (_CUTOFF_NOTE + r"\s*(?P<rest>.*)",
     {"ja": "主張はモデルの知識の期限（{cutoff}）より後の出来事についてのものです。モデルが"
            "知らないことは、それが誤りだという根拠にはなりません。{rest}"}),
    (r"No news in the index as of (?P<day>\S+) speaks to this claim\.\s*(?P<rest>.*)",
     {"ja": "{day} 時点の索引には、この主張に触れるニュースがありません。{rest}"}),
    (r"(?P<a>[A-Z_]+) was changed to (?P<b>[A-Z_]+): no evidence was retrieved\.\s*(?P<rest>.*)",
     {"ja": "根拠が見つからなかったため「{a}」を「{b}」に改めました。{rest}"}),
    (r"REFUTED was changed to NOT_ENOUGH_EVIDENCE: no cited passage contradicts the claim, and "
     r"absence of evidence is not refutation\.\s*(?P<rest>.*)",
     {"ja": "主張と矛盾する引用がないため「{label.REFUTED}」を「{label.NOT_ENOUGH_EVIDENCE}」"
            "に改めました。根拠がないことは反証ではありません。{rest}"}),
    (r"SUPPORTED was changed to NOT_ENOUGH_EVIDENCE: no cited passage supports the claim\.",
     {"ja": "主張を裏付ける引用がないため「{label.SUPPORTED}」を「{label.NOT_ENOUGH_EVIDENCE}」"
            "に改めました。"}),
    (r"(?P<a>[A-Z_]+) was changed to (?P<b>[A-Z_]+): the evidence's support \(p=(?P<p>[\d.]+)\) "
     r"is below what proved reliable on the dev replays\.",
     {"ja": "根拠の支持（p={p}）が開発用の再現データで信頼できた水準に届かないため、「{a}」を"
            "「{b}」に改めました。"}),
    (r"The model (?P<model>.+?) is not calibrated, so its weight is 0 and it was not asked: the "
     r"evidence decides\. `--explain` shows its reading\. Measure its weight with "
     r"`(?P<command>[^`]+)`\.",
     {"ja": "モデル {model} は較正されていないため重みは 0 で、問い合わせていません。判定は"
            "根拠で決まります（--explain でモデルの読みを表示）。重みは `{command}` で測れます。"}),
    (r"The model (?P<model>.+?) was calibrated on the development replays and its answers did "
     r"not make verdicts better, so its weight is 0 and it was not asked: the evidence decides\. "
     r"`--explain` shows its reading\.",
     {"ja": "モデル {model} は開発用の再現データで較正され、その答えで判定が良くならなかった"
            "ため重みは 0 で、問い合わせていません。判定は根拠で決まります。"}),
    (r"The evidence-alignment judge reads English and Japanese; it leaves a claim in Chinese "
     r"or Korean NOT_ENOUGH_EVIDENCE rather than guess\. Read the sources retrieved, or "
     r"rephrase the claim in English or Japanese\.",
     {"ja": "根拠と照らし合わせる判定器は英語と日本語を読みます。中国語・韓国語の主張は推測せず"
            "「{label.NOT_ENOUGH_EVIDENCE}」とします。取り出された情報源を読むか、主張を英語か"
            "日本語で言い直してください。"}),
    # The evidence judge's rationales (check._rationale): the quote stays as written.
    (r"The sources disagree: the claim says (?P<x>.+?); \[(?P<n>\d+)\] says (?P<y>.+?) "
     r"\((?P<site>[^,()]+), (?P<day>\d{4}-\d\d-\d\d)\): (?P<quote>\u201c.*\u201d)",
     {"ja": "報道が食い違っています。主張は「{x}」、[{n}] は「{y}」（{site}、{day}）: {quote}"}),
    (r"the claim says (?P<x>.+?); \[(?P<n>\d+)\] says (?P<y>.+?) "
     r"\((?P<site>[^,()]+), (?P<day>\d{4}-\d\d-\d\d)\): (?P<quote>\u201c.*\u201d)",
     {"ja": "主張は「{x}」、[{n}] は「{y}」（{site}、{day}）: {quote}"}),
    (r"\[(?P<n>\d+)\] (?P<site>[^,]+), (?P<day>\d{4}-\d\d-\d\d) says: (?P<quote>\u201c.*\u201d)",
     {"ja": "[{n}]（{site}、{day}）: {quote}"}),
    (r"No report from after the claim's event settles it; the closest, \[(?P<n>\d+)\] "
     r"(?P<site>[^,]+), (?P<day>\d{4}-\d\d-\d\d), is background: (?P<quote>\u201c.*\u201d)",
     {"ja": "主張の出来事より後の報道で決着するものはありません。最も近い [{n}]（{site}、{day}）は"
            "それ以前の背景情報です: {quote}"}),
    (r"No passage settles the claim; the closest, \[(?P<n>\d+)\] (?P<site>[^,]+), "
     r"(?P<day>\d{4}-\d\d-\d\d), says: (?P<quote>\u201c.*\u201d)",
     {"ja": "主張を決着させる段落はありません。最も近い [{n}]（{site}、{day}）: {quote}"}),
    (r"No passage in the news index is about this claim\.",
     {"ja": "ニュース索引には、この主張についての段落がありません。"}),
    # A changed verdict in the history (history.change_sentence), with its reason.
    (r"(?P<a>[A-Z_]+) on (?P<day1>\d{1,2} [A-Z][a-z]+(?: \d{4})?), (?P<b>[A-Z_]+) since "
     r"(?P<day2>\d{1,2} [A-Z][a-z]+(?: \d{4})?)(?P<rest>, because .*)?",
     {"ja": "{day1}には「{a}」、{day2}からは「{b}」{rest}"}),
    (r", because no passage in the index settles it now",
     {"ja": "。いまは索引のどの段落もこの主張を決めないため"}),
    (r", because (?P<cite>\[\d+\] .*)", {"ja": "。根拠: {cite}"}),
    (r"Looking for saved claims that (?P<n>\d+) new article\(s\) touch…",
     {"ja": "新しい記事 {n} 件に関わる保存済みの主張を探しています…"}),
    (r"the as-of date (?P<value>.+) is not a date; use YYYY-MM-DD, e.g\. 2026-01-31",
     {"ja": "基準日 {value} は日付として読めません。YYYY-MM-DD の形で入力してください（例: "
            "2026-01-31）"}),
    (r"the claim is (?P<n>\d+) characters, over (?P<max>\d+); check one claim at a time",
     {"ja": "主張が {n} 文字あり、上限の {max} 文字を超えています。主張は一つずつ確かめて"
            "ください"}),
)]


def text(key: str, lang: str, **values: Any) -> str:
    """The string ``key`` in ``lang`` (English when it has no translation), filled in."""
    entry = TEXT[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


def label_name(label: str, lang: str) -> str:
    """What a reader sees for a verdict label; an unknown label is shown as it is."""
    key = f"label.{label}"
    return text(key, lang) if key in TEXT else label.replace("_", " ")


def translate_message(message: str, lang: str) -> str:
    """A library message (a note, an error) in ``lang`` when it is a known one, else as is."""
    if lang == "en" or not message:
        return message
    for pattern, templates in MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m is None or lang not in templates:
            continue
        values = {k: (v or "") for k, v in m.groupdict().items()}
        for key in ("a", "b"):
            if key in values:
                values[key] = label_name(values[key], lang)
        if "rest" in values:
            values["rest"] = translate_message(values["rest"], lang)
        for key in ("day1", "day2"):
            if key in values:
                values[key] = _spoken_day(values[key], lang)
        template = templates[lang]
        for label in (SUPPORTED, REFUTED, NEE, CONFLICTING):
            template = template.replace("{label." + label + "}", label_name(label, lang))
        return template.format(**values)
    return message


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _spoken_day(value: str, lang: str) -> str:
    """"3 January" or "3 January 2026" (how history.py speaks of a day) in ``lang``."""
    parts = value.split()
    if lang != "ja" or len(parts) not in (2, 3) or parts[1] not in _MONTHS:
        return value
    day = f"{_MONTHS.index(parts[1]) + 1}月{parts[0]}日"
    return f"{parts[2]}年{day}" if len(parts) == 3 else day


def choose_language(setting: str, accept_language: str | None) -> str:
    """``setting`` when it names a language; else the first of the browser's languages (by
    q-value) that the page speaks; else English."""
    if setting in LANGUAGES:
        return setting
    ranked = []
    for i, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in LANGUAGES and q > 0:
            ranked.append((-q, i, lang))
    return min(ranked)[2] if ranked else "en"


def request_language(setting: str, request: Any) -> str:
    """The language to render a request's answer in: the setting's, else the browser's."""
    headers = getattr(request, "headers", None)
    accept = headers.get("accept-language") if headers is not None else None
    return choose_language(setting, accept)


def page_text(key: str, setting: str) -> Any:
    """The page's own text: fixed by the setting, else a key Gradio translates in the
    browser (``gradio_i18n``)."""
    if setting in LANGUAGES:
        return text(key, setting)
    import gradio as gr

    return gr.I18n()(key)


def gradio_i18n() -> Any:
    """Every string of ``TEXT`` for Gradio's translation in the browser."""
    import gradio as gr

    return gr.I18n(**{lang: {key: entry.get(lang) or entry["en"] for key, entry in TEXT.items()}
                      for lang in LANGUAGES})


def status_text(item: Any, lang: str) -> str:
    """A status line from the engine: text as it is, a (key, values) pair in ``lang``."""
    if isinstance(item, str):
        return translate_message(item, lang)
    key, values = item
    event = values.get("event")
    if key == "progress" and f"event.{event}" in TEXT:
        values = {**values, "event": text(f"event.{event}", lang)}
    return text(key, lang, **values)
