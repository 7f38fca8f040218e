"""kill -9 during ingest: 20 trials, each killing a `factcheck ingest` process (the real CLI,
real embedding model, real Chroma) with SIGKILL after a random delay, then checking the store:
SQLite against the vector index (every passage has its vector; vectors without a passage are
an interrupted write that the next run completes), passage counts per article, SQLite's and
the keyword index's integrity checks, and that no article stored before the kill is gone. A
last uninterrupted run must leave SQLite and Chroma holding exactly the same ids and every
article. The processes are forked from one helper that has imported the libraries once, so a
trial costs the ingest, not ten seconds of imports. The seed is printed (KILL9_SEED=N repeats
a run)."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.test_news_ingest import story

TRIALS = 20
NEW_FILES_PER_TRIAL = 4

HELPER = r'''
import json, os, sqlite3, sys, traceback
import chromadb, sentence_transformers, torch  # noqa: F401 -- imported once, before forking
import factcheck.cli
from factcheck.store import Store


def check(store_dir):
    store = Store(store_dir, create=False)
    db = store.db
    fts = "ok"
    for table in ("passages_fts", "passages_tri"):
        try:
            db.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")
        except sqlite3.Error as exc:
            fts = f"{table}: {exc}"
    got = store.collection.get(include=["metadatas"])
    return {
        "sqlite": db.execute("PRAGMA integrity_check").fetchone()[0],
        "fts": fts,
        "passages": sorted(r[0] for r in db.execute("SELECT id FROM passages")),
        "articles": sorted(r[0] for r in db.execute("SELECT id FROM articles")),
        "urls": sorted(r[0] for r in db.execute("SELECT canonical_url FROM articles")),
        "short": db.execute("SELECT COUNT(*) FROM articles a WHERE n_passages != (SELECT "
                            "COUNT(*) FROM passages p WHERE p.article_id = a.id)").fetchone()[0],
        "vectors": sorted(got["ids"]),
        "vector_articles": sorted({m["article_id"] for m in got["metadatas"]}),
    }


for line in sys.stdin:
    cmd = json.loads(line)
    if cmd["do"] == "wait":
        _, status = os.waitpid(cmd["pid"], 0)
        print(json.dumps({"status": status}), flush=True)
        continue
    pid = os.fork()
    if pid == 0:
        log = os.open(cmd["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(log, 2)
        try:
            if cmd["do"] == "ingest":
                os.dup2(log, 1)
                try:
                    factcheck.cli.main(["ingest", cmd["source"], "--store", cmd["store"]])
                except SystemExit as exc:
                    os._exit(exc.code if isinstance(exc.code, int) else 1)
            else:
                with open(cmd["out"], "w") as out:
                    json.dump(check(cmd["store"]), out)
            os._exit(0)
        except BaseException:
            traceback.print_exc()
            os._exit(3)
    print(json.dumps({"pid": pid}), flush=True)
'''


class Helper:
    def __init__(self, workdir):
        self.workdir = workdir
        self.log = str(workdir / "children.log")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "ANONYMIZED_TELEMETRY": "False"}
        self.proc = subprocess.Popen([sys.executable, "-c", HELPER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)

    def _ask(self, **cmd) -> dict:
        self.proc.stdin.write(json.dumps({"log": self.log, **cmd}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"kill -9 helper died; see {self.log}")
        return json.loads(line)

    def start_ingest(self, source, store) -> int:
        return self._ask(do="ingest", source=str(source), store=str(store))["pid"]

    def wait(self, pid) -> int:
        return self._ask(do="wait", pid=pid)["status"]

    def check(self, store) -> dict:
        out = self.workdir / "check.json"
        pid = self._ask(do="check", store=str(store), out=str(out))["pid"]
        status = self.wait(pid)
        assert status == 0, f"the consistency check itself failed ({status}); see {self.log}"
        return json.loads(out.read_text())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def add_files(folder, start, count):
    for i in range(start, start + count):
        (folder / f"s{i:03d}.txt").write_text(
            f"Story {i}: the harbour council and the union\nDate: {1 + i % 28} March 2026\n\n"
            + story(5000 + i, words=260), "utf-8")


def wait_until(delay: float, pid: int) -> None:
    """Sleep ``delay`` seconds, or less when the ingest has already ended (a zombie)."""
    end = time.monotonic() + delay
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return
        except OSError:
            return
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))


def assert_consistent(state, after_kill: bool, context: str):
    assert state["sqlite"] == "ok", context
    assert state["fts"] == "ok", context
    assert state["short"] == 0, context
    missing = set(state["passages"]) - set(state["vectors"])
    assert not missing, f"{context}: passages without a vector: {sorted(missing)[:5]}"
    if not after_kill:  # an interrupted write may leave vectors ahead of SQLite, never after
        assert state["vectors"] == state["passages"], context
        assert state["vector_articles"] == state["articles"], context


@pytest.mark.e2e
def test_kill_9_during_ingest_never_corrupts_or_loses(tmp_path):
    seed = int(os.environ.get("KILL9_SEED", time.time_ns() % 2**31))
    print(f"kill -9 trials: seed {seed}")
    rng = random.Random(seed)
    files, store = tmp_path / "files", tmp_path / "store"
    files.mkdir()
    helper = Helper(tmp_path)
    started = time.monotonic()
    outcomes = []
    try:
        for batch in range(2):  # the first run also creates the store: time the second
            add_files(files, NEW_FILES_PER_TRIAL * batch, NEW_FILES_PER_TRIAL)
            t0 = time.monotonic()
            assert helper.wait(helper.start_ingest(files, store)) == 0, f"see {helper.log}"
            full_run = time.monotonic() - t0  # one uninterrupted ingest of a trial's new files
        known = set(helper.check(store)["urls"])
        for trial in range(TRIALS):
            add_files(files, NEW_FILES_PER_TRIAL * (trial + 2), NEW_FILES_PER_TRIAL)
            delay = rng.uniform(0.0, full_run * 1.1)
            pid = helper.start_ingest(files, store)
            wait_until(delay, pid)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            status = helper.wait(pid)
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            state = helper.check(store)
            context = f"seed {seed}, trial {trial}, killed after {delay:.2f} s"
            assert_consistent(state, after_kill=True, context=context)
            lost = known - set(state["urls"])
            assert not lost, f"{context}: articles lost: {sorted(lost)[:3]}"
            known = set(state["urls"])
            outcomes.append({"delay": round(delay, 2), "killed": killed,
                             "orphans": len(set(state["vectors"]) - set(state["passages"]))})
        assert helper.wait(helper.start_ingest(files, store)) == 0, f"see {helper.log}"
        final = helper.check(store)
    finally:
        helper.close()
    assert_consistent(final, after_kill=False, context=f"seed {seed}, final run")
    expected = NEW_FILES_PER_TRIAL * (TRIALS + 2)
    assert len(final["urls"]) == expected, f"seed {seed}: {len(final['urls'])} of {expected}"
    killed = sum(o["killed"] for o in outcomes)
    print(f"kill -9 trials: {TRIALS} trials, {killed} killed mid-run, "
          f"{sum(o['orphans'] > 0 for o in outcomes)} left vectors ahead of SQLite (healed), "
          f"0 inconsistent, 0 lost; full run {full_run:.1f} s; "
          f"total {time.monotonic() - started:.0f} s")
    assert killed >= TRIALS // 2, f"seed {seed}: only {killed} kills landed mid-run: {outcomes}"
