"""Build a web edition beside the live site, reuse what did not change, then swap it in.

Every page is rendered; a page whose bytes equal the live site's is hard-linked from it
(unchanged: same file, same time), the rest are written. A report file is copied only when
its source changed since the last build (size, time and path, kept in ``kbank-site.json``).
Pagefind then indexes the new folder, and the folder replaces the live one in one rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kbank.config import Settings
from kbank.errors import UsageError
from kbank.publish import linked as linked_sites
from kbank.publish import pagefind
from kbank.publish.content import collect, normalise_audience
from kbank.publish.pages import Renderer
from kbank.publish.swap import swap_in

MANIFEST = "kbank-site.json"
_AUDIENCE_WORDS = {"public": "allmänheten", "intern": "intranätet"}
SITE_NAME = "Kunskapsbanken"


@dataclass
class Counts:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def to_json(self) -> dict:
        return {"written": self.written, "unchanged": self.unchanged, "removed": self.removed}


@dataclass
class PublishResult:
    """What ``kbank publish`` did."""

    site: str
    audience: str
    reports: int = 0
    cases: int = 0
    pages: Counts = field(default_factory=Counts)
    report_pages: Counts = field(default_factory=Counts)
    files_copied: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    bytes: int = 0
    bytes_written: int = 0
    index_files: int = 0
    index_bytes: int = 0
    seconds: float = 0.0
    written_reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    linked: linked_sites.Linked = field(default_factory=linked_sites.Linked)

    def to_json(self) -> dict:
        return {
            "site": self.site,
            "audience": self.audience,
            "reports": self.reports,
            "cases": self.cases,
            "pages": self.pages.to_json(),
            "report_pages": self.report_pages.to_json(),
            "written_reports": self.written_reports,
            "files": {
                "copied": self.files_copied,
                "unchanged": self.files_unchanged,
                "removed": self.files_removed,
            },
            "bytes": self.bytes,
            "bytes_written": self.bytes_written,
            "search_index": {"files": self.index_files, "bytes": self.index_bytes},
            "seconds": round(self.seconds, 2),
            "warnings": self.warnings,
            "linked_sites": [site.to_json() for site in self.linked.included],
            "skipped_sites": [site.to_json() for site in self.linked.skipped],
        }


def _fingerprint(source: Path, size: int, mtime_ns: int) -> str:
    key = f"{source}\0{size}\0{mtime_ns}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(key, digest_size=12).hexdigest()


def _check_target(live: Path) -> dict:
    """The live site's manifest; refuse a folder that holds something other than a kbank site."""
    if live.exists() and not live.is_dir():
        raise UsageError(f"{live} är en fil, inte en mapp")
    if not live.exists():
        return {}
    manifest = live / MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}
    if any(live.iterdir()):
        raise UsageError(
            f"{live} innehåller annat än en kbank-webbplats: välj en tom eller ny mapp (inget skrivs över)"
        )
    return {}


def _clean_leftovers(parent: Path, name: str) -> None:
    """Remove half-built folders of earlier runs that were killed (their process is gone)."""
    for leftover in parent.glob(f".{name}.bygge-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(
    settings: Settings,
    target: Path,
    audience: str,
    base_url: str | None = None,
    templates: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    linked: bool = True,
) -> PublishResult:
    """Build the ``audience`` edition of the site into ``target`` (incrementally, swapped in when done).

    With ``linked`` (the default), linked banks' published sites join the search (``publish.linked``).
    """
    started = time.perf_counter()
    audience = normalise_audience(audience)
    live = target.expanduser().resolve()
    for inner, name in ((settings.archive, "arkivet"), (settings.index, "indexet")):
        inner = inner.resolve()
        if live == inner or live.is_relative_to(inner) or inner.is_relative_to(live):
            raise UsageError(f"webbplatsen kan inte ligga i {name} eller innehålla det: välj en annan mapp")
    old = _check_target(live)
    if old.get("audience") not in (None, audience):
        raise UsageError(
            f"{live} är utgåvan för {_AUDIENCE_WORDS.get(old['audience'], old['audience'])}: en annan målgrupp "
            "publiceras i en egen mapp (ta bort mappen först om den ska bytas)"
        )
    live.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(live.parent, live.name)
    with collect(settings, audience, progress) as edition:
        renderer = Renderer(edition, base_url, templates, SITE_NAME)
        result = PublishResult(str(live), audience, len(edition.reports), len(edition.cases))
        staging = live.parent / f".{live.name}.bygge-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            _build(staging, live, old, edition, renderer, templates, result, settings)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    try:
        pagefind.index_site(staging)
        bundle = staging / pagefind.BUNDLE
        for path in bundle.rglob("*"):
            if path.is_file():
                result.index_files += 1
                result.index_bytes += path.stat().st_size
        # after our own Pagefind run: another bank's copied site is never indexed here
        result.linked = linked_sites.include(settings, audience, staging, live, enabled=linked)
        result.bytes = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file())
        swap_in(staging, live)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.seconds = time.perf_counter() - started
    return result


def _build(
    staging: Path,
    live: Path,
    old: dict,
    edition,
    renderer: Renderer,
    templates: Path | None,
    result: PublishResult,
    settings: Settings,
) -> None:
    old_pages = set(old.get("pages") or [])
    old_reports = set(old.get("report_pages") or [])
    old_files: dict[str, str] = old.get("files") or {}

    def put(rel: str, data: bytes) -> bool:
        """Write one file into the new site; True when it differs from the live one."""
        dest = staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        before = live / rel
        if before.is_file() and before.stat().st_size == len(data) and before.read_bytes() == data:
            try:
                os.link(before, dest)
                return False
            except OSError:
                pass
            dest.write_bytes(data)
            return False
        dest.write_bytes(data)
        result.bytes_written += len(data)
        return True

    pages: list[str] = []
    report_pages: list[str] = []
    for rel, data, is_report in renderer.pages():
        changed = put(rel, data)
        pages.append(rel)
        counts = result.report_pages if is_report else result.pages
        if changed:
            counts.written += 1
            if is_report:
                result.written_reports.append(rel.split("/")[1])
        else:
            counts.unchanged += 1
        if is_report:
            report_pages.append(rel)
    result.report_pages.removed = len(old_reports - set(report_pages))
    result.pages.removed = len(old_pages - set(pages))
    # totals over all pages: the report pages are counted in both
    result.pages.written += result.report_pages.written
    result.pages.unchanged += result.report_pages.unchanged
    result.pages.removed += result.report_pages.removed
    for rel, data in renderer.static_files(templates).items():
        put(rel, data)
    put("sitemap.xml", renderer.sitemap([p[: -len("index.html")] for p in pages]))
    if not renderer.base_url:
        result.warnings.append("sitemap.xml och kanoniska länkar kräver webbplatsens adress: ange --base-url")

    files: dict[str, str] = {}
    for report in edition.reports:
        for f in report.files:
            if not f.source.is_file():
                result.warnings.append(f"{f.name}: filen finns inte längre i arkivet, kör kbank ingest")
                continue
            stat = f.source.stat()
            mark = _fingerprint(f.source, stat.st_size, stat.st_mtime_ns)
            dest = staging / f.target
            dest.parent.mkdir(parents=True, exist_ok=True)
            before = live / f.target
            if old_files.get(f.target) == mark and before.is_file():
                try:
                    os.link(before, dest)
                except OSError:
                    shutil.copy2(before, dest)
                result.files_unchanged += 1
            else:
                shutil.copy2(f.source, dest)
                result.files_copied += 1
                result.bytes_written += stat.st_size
            files[f.target] = mark
    result.files_removed = len(set(old_files) - set(files))
    manifest = {
        "generator": "kbank publish",
        "audience": edition.audience,
        # what a bank linking this site checks: whose edition it is and the highest class it holds
        "bank": linked_sites.local_bank(settings).name,
        "ceiling": linked_sites.edition_ceiling(settings, edition.audience),
        "pages": pages,
        "report_pages": report_pages,
        "files": files,
    }
    put(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
