"""The resident search process (``kbank serve``): same answers as in-process, never stale, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from corpora.builders import make_pdf

pytestmark = pytest.mark.slow  # each test starts and stops server processes


@pytest.fixture
def sock_path():
    """A short socket path (a Unix socket's path is limited to ~100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="kbs-", dir="/tmp"))
    yield folder / "kbank" / "serve.sock"
    shutil.rmtree(folder, ignore_errors=True)


def kbank(*args: str, sock: Path | None, env: dict | None = None, timeout: float = 60):
    environ = dict(os.environ) | {"COLUMNS": "100", "KBANK_NO_LOG": "1"} | (env or {})
    environ["KBANK_SERVE_SOCKET"] = str(sock) if sock else "/nonexistent/kbank.sock"
    return subprocess.run(
        [sys.executable, "-m", "kbank", *args], capture_output=True, env=environ, timeout=timeout
    )


def status(sock: Path) -> dict:
    return json.loads(kbank("serve", "--status", "--json", sock=sock).stdout)


@pytest.fixture
def server(indexed_small_archive, sock_path):
    """A running ``kbank serve`` on its own socket."""
    environ = dict(os.environ) | {"KBANK_SERVE_SOCKET": str(sock_path)}
    log = sock_path.parent.parent / "serve.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kbank", "serve", "--idle", "120"],
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    for _ in range(600):
        if sock_path.exists() and status(sock_path).get("running"):
            break
        assert proc.poll() is None, log.read_text()
        time.sleep(0.05)
    yield sock_path
    kbank("serve", "--stop", sock=sock_path)
    try:
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


COMMANDS = [
    ("search", "hemlöshet"),
    ("search", "utvärdering", "--json"),
    ("search", "missbuk"),
    ("search", "vindkraftverk"),
    ("search",),  # a usage error: exit 2
    ("search", "titel:kunskapsbank", "--explain"),
    ("list", "--limit", "2"),
    ("list", "--group", "case"),
    ("show", "SN", "2014/0123"),
    ("show", "finnsinte"),
]


def test_served_answers_are_the_in_process_answers_byte_for_byte(server):
    for colour in ({}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}):
        for args in COMMANDS:
            alone = kbank(*args, sock=None, env=colour)
            served = kbank(*args, sock=server, env=colour)
            assert (served.returncode, served.stdout, served.stderr) == (
                alone.returncode,
                alone.stdout,
                alone.stderr,
            ), args
    assert status(server)["served"] == 2 * len(COMMANDS)
    assert kbank("search", "hemlöshet", sock=server).returncode == 0


def test_socket_is_the_users_own(server):
    assert stat.S_IMODE(server.stat().st_mode) == 0o600
    assert stat.S_IMODE(server.parent.stat().st_mode) == 0o700


def test_an_ingest_is_seen_by_the_next_served_search(server, indexed_small_archive):
    word = "zebrastrimmighet"
    before = kbank("search", word, "--json", sock=server)
    assert json.loads(before.stdout)["total"] == 0
    make_pdf(
        indexed_small_archive / "2020" / "SN 2020-0001 Zebra" / "slutrapport.pdf",
        ["Slutrapport\nZebra\n\nDnr: SN 2020/0001", f"Projektet handlade om {word} i förskolan."],
    )
    assert kbank("ingest", "--quiet", sock=server).returncode == 0
    after = kbank("search", word, "--json", sock=server)
    assert json.loads(after.stdout)["total"] == 1
    assert kbank("reindex", "--quiet", sock=server).returncode == 0  # a new generation swapped in
    assert json.loads(kbank("search", word, "--json", sock=server).stdout)["total"] == 1
    assert json.loads(kbank("list", "--json", sock=server).stdout)["total"] == 4
    assert status(server)["served"] == 4


def test_a_wedged_server_costs_a_timeout_then_the_search_runs_in_process(indexed_small_archive, sock_path):
    # a process that accepts connections and never answers
    sock_path.parent.mkdir(mode=0o700, parents=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock_path))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        (indexed_small_archive.parent / "kbank.toml").write_text("serve_timeout = 0.5\n", encoding="utf-8")
        wedged = kbank("search", "hemlöshet", sock=sock_path, timeout=30)
        alone = kbank("search", "hemlöshet", sock=None)
        assert (wedged.returncode, wedged.stdout, wedged.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        )
        assert held, "the client did ask the wedged server first"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_status_and_stop(server):
    answer = kbank("serve", "--status", sock=server)
    assert answer.returncode == 0 and "Sökprocessen körs" in answer.stdout.decode()
    assert kbank("serve", "--stop", sock=server).returncode == 0
    for _ in range(200):
        if not server.exists():
            break
        time.sleep(0.05)
    assert not server.exists()
    gone = kbank("serve", "--status", sock=server)
    assert gone.returncode == 1 and "Ingen sökprocess" in gone.stdout.decode()
    # and searching goes on without it
    assert json.loads(kbank("search", "hemlöshet", "--json", sock=server).stdout)["total"] >= 1


def test_first_search_starts_the_server_when_config_asks(indexed_small_archive, sock_path):
    (indexed_small_archive.parent / "kbank.toml").write_text(
        "serve = true\nserve_idle = 300\n", encoding="utf-8"
    )
    first = kbank("search", "hemlöshet", "--json", sock=sock_path)
    assert first.returncode == 0 and json.loads(first.stdout)["total"] >= 1
    try:
        for _ in range(600):
            if status(sock_path).get("running"):
                break
            time.sleep(0.05)
        running = status(sock_path)
        assert running["running"] and running["idle_timeout"] == 300
        second = kbank("search", "hemlöshet", "--json", sock=sock_path)
        assert second.stdout == first.stdout
        assert status(sock_path)["served"] == 1
    finally:
        kbank("serve", "--stop", sock=sock_path)


def test_the_server_idles_out(indexed_small_archive, sock_path):
    environ = dict(os.environ) | {"KBANK_SERVE_SOCKET": str(sock_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbank", "serve", "--idle", "2"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not sock_path.exists()
    assert not status(sock_path)["running"]


def test_a_second_server_on_the_same_socket_is_refused(server):
    second = kbank("serve", sock=server)
    assert second.returncode == 1 and "körs redan" in second.stderr.decode()
    assert status(server)["running"]


def test_the_pool_reuses_a_bank_until_the_index_changes_and_keeps_few(indexed_small_archive, monkeypatch):
    from kbank.config import load_settings
    from kbank.serve import pool

    monkeypatch.setattr(pool, "_open", {})
    settings = load_settings()
    try:
        with pool.open_bank(settings) as first:
            assert first.search("hemlöshet").total >= 1
        with pool.open_bank(settings) as again:
            assert again is first
        meta = settings.index / "kbank.json"
        os.utime(meta, ns=(meta.stat().st_atime_ns, meta.stat().st_mtime_ns + 1_000_000_000))  # a swap
        with pool.open_bank(settings) as reopened:
            assert reopened is not first
        for n in range(pool.MAX_OPEN + 2):
            with pool.open_bank(settings.with_overrides(usage_log_max_bytes=1000 + n)):
                pass
        assert pool.kept() == pool.MAX_OPEN
    finally:
        pool.close_all()
