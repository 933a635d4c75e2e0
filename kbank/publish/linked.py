"""Linked banks on the web: other banks' published sites searched together with this one.

Each ``[banks.NAME]`` with a ``site`` is merged into the search page with Pagefind's
``mergeIndex`` (in the browser), its results labelled and filtered by the bank's name
(Pagefind's ``mergeFilter``; this site's own pages get theirs the same way).

- A **folder** ``site`` (a bank published on this machine or a mounted share) is copied,
  byte for byte as that bank published it, into ``banker/<id>/`` of this site, after this
  site's own Pagefind run, so nothing of another bank is ever indexed here: its results
  link to its own copied pages and one static host serves everything. A file unchanged
  since the last build (same size and time) is hard-linked from the live copy.
- A **URL** ``site`` is referenced, never copied: at build time ``kbank-site.json`` and
  ``pagefind/pagefind-entry.json`` are fetched with the bank timeout, and the browser loads
  its index from there (the other server must allow this site's origin, CORS).

A linked site is taken only when it is a kbank site whose edition may be shown to this
edition's readers: a public edition takes only public editions; an intern edition also
takes intern editions whose ceiling is at or below its own. Anything else, or a site that
is missing, has no Pagefind index or cannot be read, is left out with one warning.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kbank.bankconfig import LinkedBank
from kbank.config import Settings
from kbank.publish.pagefind import BUNDLE
from kbank.textutil import fold

#: this site's folder of copied linked sites
FOLDER = "banker"
#: the search page's list of indexes to merge (read by static/search.js)
CONFIG = "sok/banker.json"
MANIFEST = "kbank-site.json"
_ENTRY = f"{BUNDLE}/pagefind-entry.json"
_MAX_MANIFEST = 64 * 1024 * 1024


@dataclass
class LinkedSite:
    """One linked bank's site as this build includes it (or left it out)."""

    bank: LinkedBank
    mode: str = ""  # "copied" or "referenced"
    bundle: str = ""  # the Pagefind bundle, relative to the site root or a URL
    files_copied: int = 0
    files_unchanged: int = 0
    bytes: int = 0
    reason: str = ""  # why it was left out (a stable English code)
    error: str = ""  # the same in Swedish

    def to_json(self) -> dict:
        if self.reason:
            return {
                "id": self.bank.id,
                "name": self.bank.name,
                "site": self.bank.site,
                "reason": self.reason,
                "error": self.error,
            }
        return {
            "id": self.bank.id,
            "name": self.bank.name,
            "site": self.bank.site,
            "mode": self.mode,
            "bundle": self.bundle,
            "files": {"copied": self.files_copied, "unchanged": self.files_unchanged},
            "bytes": self.bytes,
        }


@dataclass
class Linked:
    """What the linked banks added to a build."""

    included: list[LinkedSite] = field(default_factory=list)
    skipped: list[LinkedSite] = field(default_factory=list)


class _Skip(Exception):
    def __init__(self, reason: str, error: str) -> None:
        super().__init__(error)
        self.reason = reason
        self.error = error


def local_bank(settings: Settings) -> LinkedBank:
    """This installation's own bank (its id and display name)."""
    return next(b for b in settings.all_banks.values() if b.local)


def edition_ceiling(settings: Settings, audience: str) -> str:
    """The highest classification an edition holds, as the scale spells it (recorded in the manifest)."""
    scale = settings.classification_scale
    if audience == "public":
        return scale[0]
    return settings.classification_ceiling or scale[-1]


def include(settings: Settings, audience: str, staging: Path, live: Path, *, enabled: bool = True) -> Linked:
    """Copy or reference every linked bank's site into ``staging`` and write the search page's list.

    Call after this site's own Pagefind run: copied sites carry their own index and must never
    be indexed again here.
    """
    result = Linked()
    banks = [b for b in settings.all_banks.values() if not b.local and b.site] if enabled else []
    for bank in banks:
        site = LinkedSite(bank)
        try:
            if _is_url(bank.site or ""):
                _reference(settings, audience, site)
            else:
                _copy(settings, audience, site, staging, live)
        except _Skip as skip:
            site.reason, site.error = skip.reason, skip.error
            shutil.rmtree(staging / FOLDER / bank.id, ignore_errors=True)
            result.skipped.append(site)
            continue
        result.included.append(site)
    if (staging / FOLDER).is_dir() and not any((staging / FOLDER).iterdir()):
        (staging / FOLDER).rmdir()
    local = local_bank(settings)
    config = {
        "local": {"id": local.id, "name": local.name},
        "linked": [{"id": s.bank.id, "name": s.bank.name, "bundle": s.bundle} for s in result.included],
    }
    _write_same(staging, live, CONFIG, json.dumps(config, ensure_ascii=False, indent=1).encode("utf-8"))
    return result


def _write_same(staging: Path, live: Path, rel: str, data: bytes) -> None:
    """Write a file into the new site, hard-linking the live one when its bytes are the same."""
    dest, before = staging / rel, live / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if before.is_file() and before.stat().st_size == len(data) and before.read_bytes() == data:
        try:
            os.link(before, dest)
            return
        except OSError:
            pass
    dest.write_bytes(data)


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _check_manifest(settings: Settings, audience: str, manifest: object, where: str) -> None:
    """Refuse a site that is not a kbank site or whose edition this edition's readers may not see."""
    if not isinstance(manifest, dict) or manifest.get("generator") != "kbank publish":
        raise _Skip("not_kbank", f"{where} är ingen kbank-webbplats (kbank-site.json saknas eller är fel)")
    theirs = manifest.get("audience")
    if theirs == "public":
        return
    if audience == "public":
        raise _Skip(
            "audience", f"{where} är utgåvan för intranätet och kan inte ingå i utgåvan för allmänheten"
        )
    if theirs != "intern":
        raise _Skip("not_kbank", f"{where} har en okänd målgrupp {theirs!r}")
    scale = [fold(level) for level in settings.classification_scale]
    ours = fold(edition_ceiling(settings, audience))
    ceiling = manifest.get("ceiling")
    if (
        not isinstance(ceiling, str)
        or fold(ceiling) not in scale
        or scale.index(fold(ceiling)) > scale.index(ours)
    ):
        raise _Skip(
            "ceiling",
            f"{where} visar rapporter upp till klassningen {ceiling or 'okänd'}, över den här utgåvans tak "
            f"({edition_ceiling(settings, audience)})",
        )


def _copy(settings: Settings, audience: str, site: LinkedSite, staging: Path, live: Path) -> None:
    """Copy a folder site, as its bank published it, into ``banker/<id>/``."""
    bank = site.bank
    source = Path(bank.site or "")
    where = f"banken {bank.name} ({source})"
    try:
        resolved = source.resolve()
    except OSError as exc:
        raise _Skip("missing", f"{where} kan inte läsas: {exc.strerror or exc}") from None
    if not resolved.is_dir():
        raise _Skip("missing", f"{where} finns inte")
    for mine in (live, staging):
        if resolved == mine or resolved.is_relative_to(mine) or mine.is_relative_to(resolved):
            raise _Skip("unsafe", f"{where} ligger i den här webbplatsen eller innehåller den")
    if not (resolved / _ENTRY).is_file():
        raise _Skip("no_index", f"{where} har inget sökindex ({_ENTRY} saknas): publicera den banken först")
    try:
        raw = (resolved / MANIFEST).read_bytes()
        manifest = json.loads(raw) if len(raw) < _MAX_MANIFEST else None
    except (OSError, ValueError):
        manifest = None
    _check_manifest(settings, audience, manifest, where)
    target = staging / FOLDER / bank.id
    before = live / FOLDER / bank.id
    try:
        _copy_tree(resolved, target, before, site)
        # the bank republished while we copied: its manifest changed, the copy may be mixed
        if (resolved / MANIFEST).read_bytes() != raw:
            raise _Skip("changed", f"{where} publicerades om medan den kopierades: försök igen")
    except OSError as exc:
        raise _Skip("unreadable", f"{where} kunde inte kopieras: {exc.strerror or exc}") from None
    site.mode = "copied"
    site.bundle = f"{FOLDER}/{bank.id}/{BUNDLE}/"


def _copy_tree(source: Path, target: Path, before: Path, site: LinkedSite) -> None:
    """Copy regular files only (links and special files are never followed), reusing unchanged ones."""
    # fwalk holds each folder open, so a bank swapping its site in mid-copy does not mix two versions
    walk = os.fwalk(source) if hasattr(os, "fwalk") else ((*entry, None) for entry in os.walk(source))
    for folder, dirs, files, dir_fd in walk:
        rel = Path(folder).relative_to(source)
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # a bank's half-built leftovers
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            ref = name if dir_fd is not None else os.path.join(folder, name)
            info = os.stat(ref, dir_fd=dir_fd, follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            dest, old = target / rel / name, before / rel / name
            site.bytes += info.st_size
            try:
                same = old.lstat()
                if stat.S_ISREG(same.st_mode) and (same.st_size, same.st_mtime_ns) == (
                    info.st_size,
                    info.st_mtime_ns,
                ):
                    os.link(old, dest)
                    site.files_unchanged += 1
                    continue
            except OSError:
                pass
            fd = os.open(ref, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=dir_fd)
            with os.fdopen(fd, "rb") as src, open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
            os.utime(dest, ns=(info.st_atime_ns, info.st_mtime_ns))
            site.files_copied += 1


def _reference(settings: Settings, audience: str, site: LinkedSite) -> None:
    """Check a URL site with short requests; the browser will load its index from there."""
    bank = site.bank
    base = (bank.site or "").rstrip("/") + "/"
    where = f"banken {bank.name} ({base})"
    timeout = settings.bank_timeout
    try:
        with urllib.request.urlopen(urllib.request.Request(base + MANIFEST), timeout=timeout) as answer:
            raw = answer.read(_MAX_MANIFEST + 1)
        try:
            manifest = json.loads(raw) if len(raw) <= _MAX_MANIFEST else None
        except ValueError:
            manifest = None
        _check_manifest(settings, audience, manifest, where)
        head = urllib.request.Request(base + _ENTRY, method="HEAD")
        with urllib.request.urlopen(head, timeout=timeout):
            pass
    except urllib.error.HTTPError as exc:
        raise _Skip("missing", f"{where} svarar {exc.code}: webbplatsen eller dess sökindex saknas") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _Skip("unreachable", f"{where} gick inte att nå inom {timeout:g} s ({reason})") from None
    site.mode = "referenced"
    site.bundle = base + BUNDLE + "/"
