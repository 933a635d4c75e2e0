"""The fast path's table of the hot commands' options, generated from the typer app.

Do not edit: ``python -m kbank.cli.fastgen`` writes it (see that module). For each command:
``function`` (module:name of the function typer calls), ``context`` (the parameter typer fills
with its Context, or None), ``arguments`` (dest, nargs, required), ``options`` (every name ->
dest, kind, type, min, max; kind is flag, value, multiple or typer), ``defaults`` (every
parameter's default, as typer passes it) and ``fingerprint`` (of the declarations it was read
from: ``kbank.cli.fastpath.fingerprint``). JSON, so that a formatter leaves it as written.
"""

import json

COMMANDS: dict = json.loads(
    r"""
{
 "search": {
  "function": "kbank.cli.find:search",
  "context": "ctx",
  "arguments": [["query", -1, false, "str"]],
  "options": {
   "--type": ["doc_type", "multiple", "str", null, null],
   "-t": ["doc_type", "multiple", "str", null, null],
   "--area": ["area", "multiple", "str", null, null],
   "-a": ["area", "multiple", "str", null, null],
   "--unit": ["unit", "multiple", "str", null, null],
   "-u": ["unit", "multiple", "str", null, null],
   "--dnr": ["dnr", "multiple", "str", null, null],
   "-d": ["dnr", "multiple", "str", null, null],
   "--year": ["year", "multiple", "str", null, null],
   "-y": ["year", "multiple", "str", null, null],
   "--from": ["date_from", "value", "str", null, null],
   "--to": ["date_to", "value", "str", null, null],
   "--limit": ["limit", "value", "int", 1, null],
   "-n": ["limit", "value", "int", 1, null],
   "--page": ["page", "value", "int", 1, null],
   "-p": ["page", "value", "int", 1, null],
   "--offset": ["offset", "value", "int", 0, null],
   "--sort": ["sort", "value", "str", null, null],
   "--like": ["like", "value", "str", null, null],
   "--explain": ["explain", "flag", "bool", null, null],
   "--in": ["in_field", "value", "str", null, null],
   "--long": ["long", "flag", "bool", null, null],
   "-l": ["long", "flag", "bool", null, null],
   "--all": ["include_unpublished", "flag", "bool", null, null],
   "--format": ["fmt", "value", "str", null, null],
   "-f": ["fmt", "value", "str", null, null],
   "--no-pager": ["no_pager", "flag", "bool", null, null],
   "--index": ["index", "value", "path", null, null],
   "--json": ["as_json", "flag", "bool", null, null],
   "--bank": ["bank_names", "multiple", "str", null, null],
   "--all-banks": ["all_banks", "flag", "bool", null, null]
  },
  "defaults": {
   "query": null,
   "doc_type": null,
   "area": null,
   "unit": null,
   "dnr": null,
   "year": null,
   "date_from": null,
   "date_to": null,
   "limit": 10,
   "page": null,
   "offset": null,
   "sort": "relevans",
   "like": null,
   "explain": false,
   "in_field": null,
   "long": false,
   "include_unpublished": false,
   "fmt": null,
   "no_pager": false,
   "index": null,
   "as_json": false,
   "bank_names": null,
   "all_banks": false
  },
  "fingerprint": "1037813a"
 },
 "list": {
  "function": "kbank.cli.find:list_documents",
  "context": null,
  "arguments": [],
  "options": {
   "--type": ["doc_type", "multiple", "str", null, null],
   "-t": ["doc_type", "multiple", "str", null, null],
   "--area": ["area", "multiple", "str", null, null],
   "-a": ["area", "multiple", "str", null, null],
   "--unit": ["unit", "multiple", "str", null, null],
   "-u": ["unit", "multiple", "str", null, null],
   "--dnr": ["dnr", "multiple", "str", null, null],
   "-d": ["dnr", "multiple", "str", null, null],
   "--year": ["year", "multiple", "str", null, null],
   "-y": ["year", "multiple", "str", null, null],
   "--from": ["date_from", "value", "str", null, null],
   "--to": ["date_to", "value", "str", null, null],
   "--group": ["group", "value", "str", null, null],
   "-g": ["group", "value", "str", null, null],
   "--limit": ["limit", "value", "int", 1, null],
   "-n": ["limit", "value", "int", 1, null],
   "--missing-summary": ["missing_summary", "flag", "bool", null, null],
   "--index": ["index", "value", "path", null, null],
   "--all": ["include_unpublished", "flag", "bool", null, null],
   "--format": ["fmt", "value", "str", null, null],
   "-f": ["fmt", "value", "str", null, null],
   "--no-pager": ["no_pager", "flag", "bool", null, null],
   "--json": ["as_json", "flag", "bool", null, null],
   "--bank": ["bank_names", "multiple", "str", null, null],
   "--all-banks": ["all_banks", "flag", "bool", null, null]
  },
  "defaults": {
   "doc_type": null,
   "area": null,
   "unit": null,
   "dnr": null,
   "year": null,
   "date_from": null,
   "date_to": null,
   "group": null,
   "limit": null,
   "missing_summary": false,
   "index": null,
   "include_unpublished": false,
   "fmt": null,
   "no_pager": false,
   "as_json": false,
   "bank_names": null,
   "all_banks": false
  },
  "fingerprint": "19e7cbfe"
 },
 "show": {
  "function": "kbank.cli.find:show",
  "context": null,
  "arguments": [["ref", -1, true, "str"]],
  "options": {
   "--all": ["include_unpublished", "flag", "bool", null, null],
   "--index": ["index", "value", "path", null, null],
   "--archive": ["archive", "value", "path", null, null],
   "--no-pager": ["no_pager", "flag", "bool", null, null],
   "--json": ["as_json", "flag", "bool", null, null],
   "--bank": ["bank_names", "multiple", "str", null, null],
   "--all-banks": ["all_banks", "flag", "bool", null, null]
  },
  "defaults": {
   "ref": null,
   "include_unpublished": false,
   "index": null,
   "archive": null,
   "no_pager": false,
   "as_json": false,
   "bank_names": null,
   "all_banks": false
  },
  "fingerprint": "428d68b7"
 },
 "ingest": {
  "function": "kbank.cli.batch:ingest",
  "context": null,
  "arguments": [["archive_arg", 1, false, "path"]],
  "options": {
   "--archive": ["archive", "value", "path", null, null],
   "--index": ["index", "value", "path", null, null],
   "--json": ["as_json", "flag", "bool", null, null],
   "--retry-failed": ["retry_failed", "flag", "bool", null, null],
   "--jobs": ["jobs", "value", "int", 1, null],
   "-j": ["jobs", "value", "int", 1, null],
   "--time-limit": ["time_limit", "typer", "", 0.1, null],
   "--memory-limit": ["memory_limit", "value", "int", 128, null],
   "--wait": ["wait", "typer", "", 0, null],
   "--quiet": ["quiet", "flag", "bool", null, null],
   "-q": ["quiet", "flag", "bool", null, null],
   "--no-cache": ["no_cache", "flag", "bool", null, null],
   "--ocr": ["ocr", "typer", "", null, null],
   "--archive-moved": ["archive_moved", "flag", "bool", null, null],
   "--only": ["only", "value", "str", null, null],
   "--allow-removals": ["allow_removals", "flag", "bool", null, null]
  },
  "defaults": {
   "archive_arg": null,
   "archive": null,
   "index": null,
   "as_json": false,
   "retry_failed": false,
   "jobs": null,
   "time_limit": null,
   "memory_limit": null,
   "wait": null,
   "quiet": false,
   "no_cache": false,
   "ocr": null,
   "archive_moved": false,
   "only": null,
   "allow_removals": false
  },
  "fingerprint": "7fdae23c"
 }
}
"""
)
