import datetime as dt

import pytest

from factcheck.config import load_settings
from factcheck.dates import claim_date_spans, claim_dates, date_mentions, day_end_ts, parse_day
from factcheck.errors import ConfigError, InputError


def test_precedence_defaults_file_env_override(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}).top_k == 5
    (tmp_path / "factcheck.toml").write_text("top_k = 7\nstore = 'from-file'\n")
    assert load_settings(env={}).top_k == 7
    settings = load_settings(env={"FACTCHECK_TOP_K": "9"})
    assert (settings.top_k, settings.store) == (9, "from-file")
    assert load_settings(env={"FACTCHECK_TOP_K": "9"}, top_k=3, store=None).top_k == 3


def test_bad_env_value_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="FACTCHECK_TOP_K"):
        load_settings(env={"FACTCHECK_TOP_K": "many"})
    with pytest.raises(ConfigError, match="FACTCHECK_ALLOW_PRIVATE"):
        load_settings(env={"FACTCHECK_ALLOW_PRIVATE": "perhaps"})
    assert load_settings(env={"FACTCHECK_ALLOW_PRIVATE": "1"}).allow_private is True


def test_unknown_key_in_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "factcheck.toml").write_text("topk = 7\n")
    with pytest.raises(ConfigError, match="unknown setting 'topk'"):
        load_settings(env={})


def test_parse_day():
    assert parse_day("2026-01-03") == dt.date(2026, 1, 3)
    assert parse_day(None) == dt.date.today()
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_day("03/01/2026")


def test_day_end_is_inclusive():
    end = day_end_ts(dt.date(2026, 1, 3))
    assert dt.datetime.fromtimestamp(end, dt.UTC).isoformat() == (
        "2026-01-03T23:59:59+00:00"
    )


@pytest.mark.parametrize(
    "claim, expected",
    [
        ("Maduro was captured on 3 January 2026 in Caracas.", ["2026-01-03"]),
        ("The trial begins on January 5, 2026.", ["2026-01-05"]),
        ("The trial is scheduled to begin in June 2026.", ["2026-06-01"]),
        ("Released 2026-02-09.", ["2026-02-09"]),
        ("2026年1月3日、マドゥロ大統領が拘束された。", ["2026-01-03"]),
        ("The 2026 season had no games.", []),
    ],
)
def test_claim_dates(claim, expected):
    assert claim_dates(claim) == expected


@pytest.mark.parametrize(
    "claim, expected",
    [
        ("Sentenced in February 2026 for insurrection.", [("2026-02-01", "2026-02-28")]),
        ("On 19 February 2026 the court ruled.", [("2026-02-19", "2026-02-19")]),
        ("2026年1月に発表された。", [("2026-01-01", "2026-01-31")]),
        ("The council met last week.", [("2026-03-29", "2026-04-04")]),
        ("Prices rose last month.", [("2026-03-01", "2026-03-31")]),
        # No year: the latest such day on or before as_of (5 April 2026).
        ("The Fed cut rates on 3 January.", [("2026-01-03", "2026-01-03")]),
        ("Talks began on March 30th.", [("2026-03-30", "2026-03-30")]),
        ("The vote was held on 3 December.", [("2025-12-03", "2025-12-03")]),
        ("Protests grew in March.", [("2026-03-01", "2026-03-31")]),
        ("The court ruled on Tuesday.", [("2026-03-31", "2026-03-31")]),
        ("1月3日に拘束された。", [("2026-01-03", "2026-01-03")]),
        # A verb and a number, a time, and a year already read are not yearless dates.
        ("Rates may 5 times rise.", []),
        ("The March 2026 summit opened at 10:30.", [("2026-03-01", "2026-03-31")]),
        ("Signed 3 January 2026.", [("2026-01-03", "2026-01-03")]),
        # A run of days in one month covers those days, not the month.
        ("The summit ran from 13 to 15 March 2026.", [("2026-03-13", "2026-03-15")]),
        ("The summit ran on March 13-15, 2026.", [("2026-03-13", "2026-03-15")]),
        # A run of months is one span: a quarter is reported weeks after its last month.
        ("Dovan's GDP in January-March 2026 was 5.6% higher.", [("2026-01-01", "2026-03-31")]),
        ("Sales fell in October to December 2025.", [("2025-10-01", "2025-12-31")]),
        ("Sales fell in November–February.", [("2025-11-01", "2026-02-28")]),
        # A run without its year has ended by as_of: in April, "February-April" is last year's.
        ("Sales fell in February-April.", [("2025-02-01", "2025-04-30")]),
        # What something is measured from is not when the claim's event happened.
        ("Prices rose 3.8% in March 2026, the fastest rise since May 2023.",
         [("2026-03-01", "2026-03-31")]),
        ("2026年1月5日、利回りは1999年2月以来の高さとなった。", [("2026-01-05", "2026-01-05")]),
    ],
)
def test_claim_date_spans_cover_the_named_period(claim, expected):
    spans = claim_date_spans(claim, dt.date(2026, 4, 5))
    assert [(a.isoformat(), b.isoformat()) for a, b in spans] == expected


@pytest.mark.parametrize("text, ahead, expected", [
    # 5 April 2026 is a Sunday: a story of that day that looks forward means the coming week.
    ("Velen will play Arvel on Friday.", True, "2026-04-10"),
    ("Velen are due to play Arvel on Tuesday.", True, "2026-04-07"),
    ("Velen beat Arvel on Friday. They will meet again in May.", True, "2026-04-03"),
    ("Velen played Arvel last Friday and will meet them again.", True, "2026-04-03"),
    # Claims, and stories read without ``ahead``, keep the past reading.
    ("Velen will play Arvel on Friday.", False, "2026-04-03"),
])
def test_a_weekday_in_a_sentence_that_looks_forward_is_the_coming_one(text, ahead, expected):
    (_, (first, _)), *_ = date_mentions(text, dt.date(2026, 4, 5), ahead=ahead)
    assert first.isoformat() == expected


def test_a_japanese_count_of_days_is_no_date():
    day = dt.date(2026, 1, 30)
    assert claim_date_spans("ドバン社の株価は1日で24％安", day) == []
    assert claim_date_spans("発売から5日で500万本を売った", day) == []
    assert claim_date_spans("発売5日の時点で300万本にとどまった", day) == []
    assert claim_date_spans("観覧は25日で終わっていた", day) == [(dt.date(2026, 1, 25),) * 2]
