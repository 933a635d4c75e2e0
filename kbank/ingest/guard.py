"""Ingest never loses reports by mistake.

- an empty, missing or unreadable archive root stops the run before anything is removed;
- a folder the run cannot read keeps the reports the index had from it (and is reported);
- the index remembers the archive root it was built from (``archive.json`` in the index
  folder): a run over another root, or over a subfolder of it, is refused unless the admin
  says the archive moved (``--archive-moved``) or names the part to update (``--only``);
- a run that would remove more than ``removal_share`` of the index and more than
  ``removal_min`` reports stops before removing anything unless ``--allow-removals``.

Every refusal happens before the first write, so a refused run never prunes the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kbank import timeutil
from kbank.archive import ArchiveFile, walk
from kbank.config import Settings
from kbank.errors import ArchiveRefused, UsageError
from kbank.index.generations import read_note, write_note
from kbank.ingest.plan import Plan
from kbank.ingest.result import IngestScope
from kbank.ingest.state import State

ROOT_NOTE = "archive.json"


@dataclass
class Walked:
    """The files one run found, and the folders it could not read."""

    files: list[ArchiveFile]
    unreadable: list[str] = field(default_factory=list)
    #: index paths kept as they are: in unreadable folders or outside ``--only``
    kept: int = 0


def remembered_root(index_dir: Path) -> dict:
    """The archive root the index was last built from (and what that run saw), or {}."""
    return read_note(index_dir, ROOT_NOTE) or {}


def check_root(settings: Settings, scope: IngestScope) -> None:
    """Refuse a run over another archive root, or over a subfolder of the remembered one."""
    note = remembered_root(settings.index)
    if not note.get("root") or scope.archive_moved:
        return
    known = Path(note["root"])
    current = settings.archive.resolve()
    if current == known:
        return
    if current.is_relative_to(known):
        part = current.relative_to(known).as_posix()
        raise ArchiveRefused(
            f"{settings.archive} är en undermapp till arkivet {known} som indexet byggdes från, "
            f"och en inläsning av den skulle ta bort resten: kör kbank ingest {known} --only {part} "
            "för att läsa om bara den delen"
        )
    raise ArchiveRefused(
        f"indexet {settings.index} byggdes från arkivet {known}, inte {settings.archive}; inget togs bort: "
        f"{settings.where_to_set('archive')}, eller kör med --archive-moved om arkivet har flyttats"
    )


def walk_scope(settings: Settings, scope: IngestScope) -> Walked:
    """Walk the archive (or only ``scope.only``), refusing a root that is empty or unreadable."""
    root = settings.archive
    prefix = ""
    if scope.only:
        only = PurePosixPath(scope.only.replace("\\", "/").strip("/"))
        if not only.parts or ".." in only.parts or only.is_absolute():
            raise UsageError(f"--only {scope.only}: ange en undermapp i arkivet, t.ex. --only 2014")
        root = settings.archive / only
        prefix = only.as_posix() + "/"
        if not root.is_dir():
            raise ArchiveRefused(f"--only {scope.only}: mappen {root} finns inte; inget togs bort")
    unreadable: list[str] = []
    files = list(walk(root, unreadable, settings.follow_links_outside))
    if "." in unreadable:
        raise ArchiveRefused(f"arkivet {root} går inte att läsa (saknar behörighet); inget togs bort")
    if prefix:
        files = [ArchiveFile(f.abspath, prefix + f.rel, f.size, f.mtime_ns) for f in files]
        unreadable = [prefix + u for u in unreadable]
    if not files and not unreadable:
        raise ArchiveRefused(
            f"arkivet {root} har inga PDF- eller Word-filer; inget togs bort. "
            f"Är det rätt mapp? ({settings.where_to_set('archive')})"
        )
    return Walked(files, sorted(set(unreadable)))


def keep_unseen(settings: Settings, walked: Walked, state: State, scope: IngestScope, full: bool) -> None:
    """Add the index's records for paths this run could not or should not see, unchanged."""
    folders = [u.rstrip("/") + "/" for u in walked.unreadable]
    prefix = (scope.only or "").replace("\\", "/").strip("/")
    if full and (folders or prefix):
        what = f"mappen {walked.unreadable[0]} går inte att läsa" if folders else "--only gäller inte reindex"
        raise ArchiveRefused(
            f"{what}: en ombyggnad skulle ta bort rapporter som inte kunde läsas; inget togs bort "
            "(rätta behörigheten eller kör kbank ingest)"
        )
    seen = {f.rel for f in walked.files}
    for rel, record in state.files.items():
        if rel in seen:
            continue
        outside = bool(prefix) and not rel.startswith(prefix + "/")
        if outside or any(rel.startswith(folder) for folder in folders):
            walked.files.append(ArchiveFile(settings.archive / rel, rel, record.size, record.mtime_ns))
            walked.kept += 1
    walked.files.sort(key=lambda f: f.rel)


def check_removals(settings: Settings, plan: Plan, state: State, scope: IngestScope, full: bool) -> None:
    """Stop a run that would remove a large share of the index, unless the admin allows it."""
    if scope.allow_removals:
        return
    if full:
        before = int(remembered_root(settings.index).get("files") or 0)
        removing = max(0, before - len(plan.current))
    else:
        before = sum(1 for r in state.files.values() if r.doc_id)
        removing = sum(1 for rel in plan.deleted if state.files[rel].doc_id)
    if removing > settings.removal_min and removing > settings.removal_share * before:
        raise ArchiveRefused(
            f"inläsningen skulle ta bort {removing} av {before} rapporter ur indexet; inget togs bort. "
            f"Saknas en del av arkivet {settings.archive}? Kör med --allow-removals om de verkligen ska bort "
            f"(gränsen är removal_share = {settings.removal_share:g} och removal_min = {settings.removal_min})"
        )


def remember_root(settings: Settings, walked: Walked) -> None:
    """Note the archive root, how many files the run saw and the folders it could not read."""
    try:
        write_note(
            settings.index,
            ROOT_NOTE,
            {
                "root": str(settings.archive.resolve()),
                "files": len(walked.files),
                "unreadable": walked.unreadable,
                "checked": timeutil.local_timestamp(),
            },
        )
    except OSError:
        pass  # the memory is a safeguard; the run itself succeeded
