"""kbank's side of the side-by-side benchmark: ``kbank ingest --jobs N``, no-op re-ingest, peak
memory, ``kbank search`` as whole processes without and with the resident process (``kbank
serve``), in-process ``Bank.search``, ``kbank --help`` and ``kbank list --limit 10``.

Commands run as the user runs them: the ``kbank`` script beside this interpreter (the entry point
``kbank.serve.client:main``), else ``python -m kbank``; in the work folder, so no project
``kbank.toml`` of the repository applies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import LoadSampler, now, proc_cpu, run, run_peak

REPO = Path(__file__).resolve().parents[1]


def command() -> list[str]:
    script = Path(sys.executable).with_name("kbank")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kbank"]


def code_version() -> dict[str, str]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "kbank_commit": git("log", "-1", "--format=%h", "--", "kbank", "pyproject.toml"),
        "dirty": "yes" if git("status", "--porcelain", "--untracked-files=no", "--", "kbank") else "no",
    }


def _server(kbank: list[str], env: dict, cwd: Path) -> dict | None:
    done = subprocess.run(
        [*kbank, "serve", "--status", "--json"], env=env, cwd=cwd, capture_output=True, text=True
    )
    try:
        reply = json.loads(done.stdout)
    except ValueError:
        return None
    return reply if reply.get("running") else None


def whole(cmd_for, queries: list[str], passes: int, env: dict, cwd: Path, server: int | None = None) -> dict:
    """Each query as a whole process: one warm pass, then ``passes`` measured ones. With a
    server pid, its CPU per query (from /proc) is recorded beside the client's."""
    for q in queries:
        run(cmd_for(q), env=env, cwd=cwd)
    wall, cpu, server_cpu = [], [], []
    with LoadSampler() as load:
        for _ in range(passes):
            for q in queries:
                before = proc_cpu(server) if server else 0.0
                w, c, done = run(cmd_for(q), env=env, cwd=cwd)
                after = proc_cpu(server) if server else 0.0
                if done.returncode != 0:
                    raise RuntimeError(f"{cmd_for(q)}: {done.stderr.decode(errors='replace')}")
                wall.append(w)
                cpu.append(c)
                server_cpu.append(after - before)
    result = {"wall": wall, "cpu": cpu, "load": load.summary()}
    if server:
        result["server_cpu"] = server_cpu
        result["both_cpu"] = [a + b for a, b in zip(cpu, server_cpu, strict=True)]
    return result


def repeated(cmd: list[str], times: int, env: dict, cwd: Path) -> dict:
    run(cmd, env=env, cwd=cwd)
    with LoadSampler() as load:
        samples = []
        for _ in range(times):
            w, c, done = run(cmd, env=env, cwd=cwd)
            if done.returncode != 0:
                raise RuntimeError(f"{cmd}: {done.stderr.decode(errors='replace')}")
            samples.append((w, c))
    return {"wall": [w for w, _ in samples], "cpu": [c for _, c in samples], "load": load.summary()}


def inproc(index: Path, queries: list[str], passes: int) -> dict:
    """``Bank.search`` on one open bank, every query's words warm (as in the resident process)."""
    from kbank.config import load_settings
    from kbank.search.bank import Bank

    wall, cpu = [], []
    with LoadSampler() as load, Bank(load_settings(index=index)) as bank:
        for q in queries:
            bank.search(q)
        for _ in range(passes):
            for q in queries:
                w, c = time.perf_counter(), time.process_time()
                bank.search(q)
                wall.append(time.perf_counter() - w)
                cpu.append(time.process_time() - c)
    return {"wall": wall, "cpu": cpu, "load": load.summary()}


def measure(archive: Path, work: Path, queries: list[str], jobs: int, passes: int, env: dict, log) -> dict:
    """kbank's figures on ``archive``; its index (rebuilt from nothing) in ``work/kbank-index``."""
    kbank = command()
    index = work / "kbank-index"
    sock = work / "serve" / "serve.sock"
    env = env | {"KBANK_SERVE_SOCKET": str(sock)}
    subprocess.run([*kbank, "serve", "--stop"], env=env, cwd=work, capture_output=True)
    shutil.rmtree(index, ignore_errors=True)
    version = subprocess.run([*kbank, "--version"], env=env, cwd=work, capture_output=True, text=True)
    result: dict = {
        "side": "kbank",
        "version": version.stdout.strip(),
        "code": code_version(),
        "command": " ".join(kbank),
        "measured_at": now(),
    }
    ingest = [*kbank, "ingest", str(archive), "--index", str(index), "--jobs", str(jobs), "--quiet"]
    log(f"kbank: full ingest ({result['code']}) …")
    with LoadSampler() as load:
        wall, cpu, peak, done = run_peak(ingest, env=env, cwd=work)
    if done.returncode not in (0, 3):
        raise RuntimeError(f"kbank ingest failed: {done.stderr.decode(errors='replace')[-2000:]}")
    result["ingest"] = {"wall": wall, "cpu": cpu, "peak_mb": peak, "load": load.summary()}
    result["ingest_exit"] = done.returncode
    log(f"kbank: ingest wall {wall:.1f} s, CPU {cpu:.1f} s, peak {peak:.0f} MB, load {load.summary()}")
    with LoadSampler() as load:
        noop = [run_peak(ingest, env=env, cwd=work)[:2] for _ in range(3)]
    result["noop"] = {"wall": [w for w, _ in noop], "cpu": [c for _, c in noop], "load": load.summary()}
    listed = subprocess.run(
        [*kbank, "list", "--limit", "1", "--json", "--index", str(index)],
        env=env,
        cwd=work,
        capture_output=True,
    )
    result["indexed_reports"] = json.loads(listed.stdout).get("total") if listed.returncode == 0 else None
    log("kbank: searches …")
    search = lambda q: [*kbank, "search", *q.split(), "--index", str(index)]  # noqa: E731
    result["search"] = whole(search, queries, passes, env, work)
    started = subprocess.run(
        [*kbank, "serve", "--detach", "--index", str(index)],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
    )
    try:
        server = _server(kbank, env, work)
        if started.returncode != 0 or server is None:
            result["served"] = {"skipped": f"kbank serve did not start: {started.stderr.strip()}"}
        else:
            result["served"] = whole(search, queries, passes, env, work, server=int(server["pid"]))
            after = _server(kbank, env, work)
            result["served"]["answered_by_server"] = (after or {}).get("served", 0) - server.get("served", 0)
    finally:
        subprocess.run([*kbank, "serve", "--stop"], env=env, cwd=work, capture_output=True)
    result["help"] = repeated([*kbank, "--help"], 11, env, work)
    result["list"] = repeated([*kbank, "list", "--limit", "10", "--index", str(index)], 11, env, work)
    log("kbank: in-process …")
    result["inproc"] = inproc(index, queries, passes + 1)
    return result
