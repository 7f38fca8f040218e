"""Dataset detection and parsing: replay JSONL, AVeriTeC JSON, and files that are neither."""

import json

import pytest

from factcheck.errors import InputError
from factcheck.evalkit.datasets import load_dataset
from tests.conftest import DATASET, ROOT

AVERITEC = ROOT / "evals" / "data" / "averitec_dev.json"


def averitec_item(**changes):
    item = {
        "claim": "A mayor said the bridge cost 10 million dollars.",
        "label": "Conflicting Evidence/Cherrypicking",
        "claim_date": "05-03-2020",
        "justification": "SECRET JUSTIFICATION",
        "fact_checking_article": "https://factcheck.example/secret",
        "questions": [
            {"question": "What did the bridge cost?",
             "answers": [{"answer": "About 12 million dollars according to the city budget.",
                          "answer_type": "Extractive",
                          "source_url": "https://city.example/budget"}]},
            {"question": "Did the mayor say 10 million?",
             "answers": [{"answer": "Yes", "answer_type": "Boolean",
                          "boolean_explanation": "A council video shows the mayor saying it.",
                          "source_url": "https://web.archive.org/web/2020/https://news.example/a"}]},
        ],
    }
    item.update(changes)
    return item


def test_replay_file_is_detected_and_parsed():
    ds = load_dataset(DATASET)
    assert ds.format == "replay" and len(ds.events) == 23 and len(ds.claims) == 69
    first = ds.events[0]
    assert first.docs[0]["headline"] and first.claims[0].id == f"{first.id}#0"
    assert {c.label for c in ds.claims} == {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE"}
    assert len(ds.sha256) == 64
    limited = ds.limit(4)
    assert [c.id for c in limited.claims] == [c.id for c in ds.claims[:4]]
    assert len(limited.events) == 2


def test_averitec_file_is_detected_and_mapped():
    ds = load_dataset(AVERITEC)
    assert ds.format == "averitec" and len(ds.claims) == 500
    labels = {c.label for c in ds.claims}
    assert labels == {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"}
    first = ds.events[0]
    assert first.date.isoformat() == "2020-10-31"  # claim_date 31-10-2020
    assert all(d["date"] <= first.date.isoformat() for d in first.docs)


def test_averitec_evidence_is_the_questions_and_answers_never_the_justification(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([averitec_item()]), "utf-8")
    ds = load_dataset(path)
    event = ds.events[0]
    assert event.claims[0].label == "CONFLICTING"
    text = " ".join(d["headline"] + " " + d["article"] for d in event.docs)
    assert "12 million" in text and "council video" in text and "news.example" in text
    assert "SECRET" not in text and "factcheck.example" not in text
    assert all(len(d["article"]) >= 80 for d in event.docs)
    assert all(d["date"] == "2020-03-05" for d in event.docs)


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "neither"),
        ("hello", "neither"),
        ("[1, 2", "not valid JSON"),
        ("[]", "non-empty"),
        ('{"id": "x"}\n', "no 'date'"),
        ('{"id": "x", "date": "3 Jan", "headline": "h", "article": "a", "claims": [1]}',
         "YYYY-MM-DD"),
        ('{"id": "x", "date": "2026-01-03", "headline": "h", "article": "a",'
         ' "claims": [{"text": "t", "label": "TRUE"}]}', "label"),
        ('{"id": "x"\n', "not JSON"),
        ('{"id": "x", "date": "2026-01-03", "headline": "h", "article": "a"}', "'claims' list"),
        ('{"id": "x", "date": "2026-01-03", "headline": "h", "article": "a", "claims": []}',
         "no claims"),
    ],
)
def test_bad_files_give_one_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(path)
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    "changes, message",
    [({"label": "Mostly true"}, "label"), ({"claim_date": "2020-03-05"}, "DD-MM-YYYY"),
     ({"claim": ""}, "no 'claim'")],
)
def test_bad_averitec_items(tmp_path, changes, message):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([averitec_item(**changes)]), "utf-8")
    with pytest.raises(InputError, match=message):
        load_dataset(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_dataset(tmp_path / "nope.jsonl")


def test_news_without_claims_is_a_distractor(tmp_path):
    path = tmp_path / "d.jsonl"
    lines = [DATASET.read_text("utf-8").splitlines()[0],
             '{"id": "d1", "date": "2025-12-01", "headline": "h", "article": "a", "claims": []}']
    path.write_text("\n".join(lines) + "\n", "utf-8")
    ds = load_dataset(path)
    assert [e.id for e in ds.events][1] == "d1" and ds.events[1].claims == []
    assert len(ds.claims) == 3


# The Japanese replay of real 2026 events (docs/datasets.md, evals/data/SOURCES.md): each event has
# a SUPPORTED, a REFUTED and a NOT_ENOUGH_EVIDENCE claim in Japanese; the unlocked file holds
# exactly the events whose id hash set apart, and a distractor sits with the event it names.
JA_FILES = {"news2026_ja_dev.jsonl": False, "news2026_ja_dev_unlocked.jsonl": True}


def ja_locked(event_id):
    import hashlib

    return int(hashlib.sha256(event_id.encode()).hexdigest()[:8], 16) % 5 < 2


@pytest.mark.parametrize("name, locked", sorted(JA_FILES.items()))
def test_japanese_replay_files(name, locked):
    path = ROOT / "evals" / "data" / name
    ds = load_dataset(path)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    events = [r for r in rows if r["claims"]]
    assert ds.format == "replay" and len(ds.events) == len(rows)
    for row in rows:
        assert row["lang"] == "ja" and row["urls"], row["id"]
        assert any("\u3040" <= ch <= "\u30ff" for ch in row["article"]), row["id"]
    for row in events:
        assert [c["label"] for c in row["claims"]] == ["SUPPORTED", "REFUTED",
                                                      "NOT_ENOUGH_EVIDENCE"], row["id"]
        assert ja_locked(row["id"]) is locked, row["id"]
    ids = {r["id"] for r in events}
    for row in rows:
        if not row["claims"]:
            assert row["note"].split(":")[0].split()[-1] in ids, row["id"]


@pytest.mark.parametrize("name,prefix,minimum,distractors", [
    ("news2026_ja_fresh_unlocked.jsonl", "jf26-", 16, 8),
    ("news2026_ja_dev_fresh2.jsonl", "jm26-", 16, 8),
    ("news2026_ja_dev_fresh3.jsonl", "jf3-", 16, 6),
    ("news2026_ja_dev_fresh4.jsonl", "jf4-", 15, 6),
    ("news2026_ja_dev_fresh5.jsonl", "jf5-", 10, 6),
    ("news2026_ja_dev_fresh6.jsonl", "jf6-", 11, 6),
    ("news2026_ja_dev_fresh7.jsonl", "jf7-", 10, 6),
    ("news2026_ja_dev_fresh8.jsonl", "jf8-", 10, 4),
    ("news2026_ja_dev_fresh9.jsonl", "jf9-", 10, 4),
    ("news2026_ja_dev_fresh10.jsonl", "jf10-", 10, 4),
    ("news2026_ja_dev_fresh11.jsonl", "jf11-", 10, 4),
    ("news2026_ja_dev_fresh12.jsonl", "jf12-", 10, 4),
    ("news2026_ja_dev_fresh13.jsonl", "jf13-", 10, 5),
    ("news2026_ja_dev_fresh14.jsonl", "jf14-", 10, 4),
    ("news2026_ja_dev_fresh15.jsonl", "jf15-", 10, 4),
    ("news2026_ja_dev_fresh16.jsonl", "jf16-", 10, 3),
    ("news2026_ja_dev_fresh17.jsonl", "jf17-", 10, 4),
    ("news2026_ja_dev_fresh18.jsonl", "jf18-", 10, 4),
    ("news2026_ja_heldout_test.jsonl", "jg26-", 15, 8),
    ("news2026_ja_heldout2_test.jsonl", "jh26-", 12, 6),
    ("news2026_ja_heldout3_test.jsonl", "jk26-", 18, 8),
    ("news2026_ja_calib.jsonl", "jc26-", 18, 8)])
def test_japanese_whole_files(name, prefix, minimum, distractors):
    """Japanese replays split as wholes, no ja26- hash rule: the unlocked jf26- file and the
    jm26-, jf3- to jf12- files (development data), the locked jg26-, jh26- and jk26-
    held-out tests and the jc26- calibration split."""
    path = ROOT / "evals" / "data" / name
    ds = load_dataset(path)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    events = [r for r in rows if r["claims"]]
    assert ds.format == "replay" and len(ds.events) == len(rows)
    assert len(events) >= minimum and len(rows) - len(events) >= distractors
    ids = {r["id"] for r in events}
    for row in rows:
        assert row["id"].startswith(prefix) and row["lang"] == "ja" and row["urls"], row["id"]
        assert any("\u3040" <= ch <= "\u30ff" for ch in row["article"]), row["id"]
        if not row["claims"]:
            assert row["note"].split(":")[0].split()[-1] in ids, row["id"]
    for row in events:
        assert [c["label"] for c in row["claims"]] == ["SUPPORTED", "REFUTED",
                                                      "NOT_ENOUGH_EVIDENCE"], row["id"]


# The English replays written as wholes (docs/datasets.md, evals/data/SOURCES.md): real events
# not used anywhere else, each with a SUPPORTED, a REFUTED and a NOT_ENOUGH_EVIDENCE claim, and
# distractors that name the event they go with. The f26- file was the locked test and is
# development data now, as are the m26- and f3- to f12- files after their first evaluations;
# the g26-, h26- and k26- files are the locked held-out tests; the c26- file is the calibration
# split.
@pytest.mark.parametrize("name,prefix,minimum,distractors", [
    ("news2026_fresh_unlocked.jsonl", "f26-", 24, 12),
    ("news2026_dev_fresh2.jsonl", "m26-", 22, 10),
    ("news2026_dev_fresh3.jsonl", "f3-", 22, 8),
    ("news2026_dev_fresh4.jsonl", "f4-", 12, 6),
    ("news2026_dev_fresh5.jsonl", "f5-", 10, 5),
    ("news2026_dev_fresh6.jsonl", "f6-", 10, 6),
    ("news2026_dev_fresh7.jsonl", "f7-", 10, 5),
    ("news2026_dev_fresh8.jsonl", "f8-", 10, 5),
    ("news2026_dev_fresh9.jsonl", "f9-", 10, 5),
    ("news2026_dev_fresh10.jsonl", "f10-", 10, 5),
    ("news2026_dev_fresh11.jsonl", "f11-", 10, 5),
    ("news2026_dev_fresh12.jsonl", "f12-", 10, 5),
    ("news2026_dev_fresh13.jsonl", "f13-", 10, 5),
    ("news2026_dev_fresh14.jsonl", "f14-", 10, 5),
    ("news2026_dev_fresh15.jsonl", "f15-", 10, 5),
    ("news2026_dev_fresh16.jsonl", "f16-", 10, 5),
    ("news2026_dev_fresh17.jsonl", "f17-", 10, 4),
    ("news2026_dev_fresh18.jsonl", "f18-", 9, 4),
    ("news2026_heldout_test.jsonl", "g26-", 20, 12),
    ("news2026_heldout2_test.jsonl", "h26-", 20, 12),
    ("news2026_heldout3_test.jsonl", "k26-", 22, 10),
    ("news2026_calib.jsonl", "c26-", 23, 9)])
def test_english_whole_files(name, prefix, minimum, distractors):
    path = ROOT / "evals" / "data" / name
    ds = load_dataset(path)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    events = [r for r in rows if r["claims"]]
    assert ds.format == "replay" and len(ds.events) == len(rows)
    assert len(events) >= minimum and len(rows) - len(events) >= distractors
    for row in rows:
        assert row["urls"] and 1 <= len(row["urls"]) <= 5 and "lang" not in row, row["id"]
        assert row["id"].startswith(prefix), row["id"]
    for row in events:
        assert row["date"].startswith("2026-"), row["id"]
        assert [c["label"] for c in row["claims"]] == ["SUPPORTED", "REFUTED",
                                                      "NOT_ENOUGH_EVIDENCE"], row["id"]
    ids = {r["id"] for r in events}
    for row in rows:
        if not row["claims"]:
            assert any(i in row["note"] for i in ids), row["id"]
