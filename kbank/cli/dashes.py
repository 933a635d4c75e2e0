"""A query word with a leading dash (``kbank search -missbruk``): an exclusion, not an option.

The shell hands ``-missbruk`` to kbank as if it were options ``-m -i -s …``. When a dashed
word cannot be an option of the command, it is moved behind ``--`` so that it reaches the
query as typed (where ``-ord`` means "without ord"). When it could be one (``-tvång`` is
``-t vång``, a type), the option wins, and any error about it ends with the way to write
the word (``kbank search -- -tvång``). The typer command that applies this is
``kbank.cli.app.QueryCommand``; this module imports no typer.
"""

from __future__ import annotations

import re
from typing import Any

#: dashed words of the current command line that were read as an option with its value
AMBIGUOUS: list[str] = []

_NUMBER = re.compile(r"^-\d")


def query_words_behind_dashes(command: Any, args: list[str]) -> list[str]:
    """Move dashed words that cannot be options behind ``--``; remember the ones that could."""
    takes_value: set[str] = set()
    flags: set[str] = set()
    for param in command.params:
        names = [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]
        if getattr(param, "param_type_name", "") != "option":
            continue
        (flags if getattr(param, "is_flag", False) else takes_value).update(names)
    flags |= {"-h", "--help"}
    AMBIGUOUS.clear()
    kept: list[str] = []
    words: list[str] = []
    rest: list[str] = []
    expecting_value = False
    for i, arg in enumerate(args):
        if arg == "--":
            rest = args[i + 1 :]
            break
        if expecting_value:
            kept.append(arg)
            expecting_value = False
            continue
        if arg.startswith("--") or not arg.startswith("-") or len(arg) < 2 or _NUMBER.match(arg):
            kept.append(arg)
            expecting_value = arg in takes_value
            continue
        short = arg[:2]
        if short in takes_value:
            kept.append(arg)
            if len(arg) > 2:
                AMBIGUOUS.append(arg)  # -tvång: the option -t with vång, or the word?
            else:
                expecting_value = True
            continue
        if all(f"-{c}" in flags for c in arg[1:]):
            kept.append(arg)  # -l, -lh: flags
            continue
        words.append(arg)  # -missbruk: no option starts so; a word to leave out
    if not words:
        return args
    return [*kept, "--", *words, *rest]


def dash_hint(exc: Any = None) -> str:
    """How to write a dashed word that was read as an option ("" when there was none)."""
    if not AMBIGUOUS:
        return ""
    word = AMBIGUOUS[0]
    return f"menade du att utesluta ordet {word[1:]}? skriv: kbank search -- {word}"
