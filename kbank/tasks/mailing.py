"""Digest mail: one message per recipient with only that recipient's saved searches.

Addresses are checked when a watch is added (``parse_recipients``) and again when a message
is built; headers are set from ``email.headerregistry.Address`` objects only, so no value
can add a header line. A message has a plain-text part and an HTML part (headings, a link to
each report's file), ``Date``, ``Message-ID`` and a footer that says how to unsubscribe.
Messages are written as a folder of ``.eml`` files or one mbox, for a mail job to send.
"""

from __future__ import annotations

import html
import mailbox
import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from kbank.errors import ConfigError, KbankError, UsageError, os_reason
from kbank.tasks.digest import Digest, _heading, render_text

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_address(text: str) -> Address:
    """One e-mail address as an ``Address``; ``ValueError`` (Swedish) when it is not one.

    >>> str(parse_address(" enhet@example.se "))
    'enhet@example.se'
    """
    value = text.strip()
    if not value or _CONTROL.search(value):
        raise ValueError(f"{text!r} är ingen e-postadress")
    try:
        address = Address(addr_spec=value)
    except (ValueError, IndexError, TypeError) as exc:
        raise ValueError(f"{text!r} är ingen e-postadress") from exc
    except Exception as exc:  # noqa: BLE001 - email's header parser raises its own defect types
        raise ValueError(f"{text!r} är ingen e-postadress") from exc
    if not address.username or not address.domain or address.addr_spec != value:
        raise ValueError(f"{text!r} är ingen e-postadress")
    return address


def parse_recipients(text: str | None) -> list[Address]:
    """The addresses of ``--to`` (several separated by commas); ``UsageError`` for a bad one."""
    if text is None:
        return []
    found = []
    for part in text.split(","):
        try:
            found.append(parse_address(part))
        except ValueError as exc:
            raise UsageError(f"--to: {exc}; skriv t.ex. --to enhet@kommun.se") from None
    if not found:
        raise UsageError("--to: ange minst en e-postadress, t.ex. --to enhet@kommun.se")
    return found


@dataclass
class Mail:
    """One message to build: its recipient (None: the watch has none) and that recipient's digests."""

    recipient: str | None
    digests: list[Digest]

    @property
    def total(self) -> int:
        return sum(len(d.entries) for d in self.digests)


def plan_mail(digests: list[Digest]) -> tuple[list[Mail], list[tuple[str, UsageError]]]:
    """Group digests with news by recipient: each recipient gets only their own watches.

    A watch without a recipient gets a message of its own, without ``To``; a digest with
    nothing new gets no message. A watch whose stored address is not one fails alone:
    it is returned with its error, and the others are mailed.
    """
    by_recipient: dict[str, list[Digest]] = {}
    own: list[Mail] = []
    problems: list[tuple[str, UsageError]] = []
    for digest in digests:
        if not digest.entries:
            continue
        try:
            recipients = parse_recipients(digest.watch.to) if digest.watch.to else []
        except UsageError as exc:
            problems.append((digest.watch.name, exc))
            continue
        if not recipients:
            own.append(Mail(None, [digest]))
        for address in recipients:
            by_recipient.setdefault(address.addr_spec, []).append(digest)
    return [Mail(r, ds) for r, ds in sorted(by_recipient.items())] + own, problems


def build_message(mail: Mail, sender: str, now: datetime, archive: Path) -> EmailMessage:
    """One RFC 5322 message with a plain-text and an HTML part."""
    try:
        from_address = parse_address(sender)
    except ValueError:
        raise ConfigError(
            f"mail_from {sender!r} är ingen e-postadress: rätta mail_from i kbank.toml"
        ) from None
    names = ", ".join(d.watch.name for d in mail.digests)
    total = mail.total
    message = EmailMessage()
    message["Subject"] = f"kbank: {total} {'ny rapport' if total == 1 else 'nya rapporter'} \u2013 {names}"
    message["From"] = from_address
    if mail.recipient:
        message["To"] = parse_address(mail.recipient)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=from_address.domain or "kbank")
    message.set_content(render_text(mail.digests) + "\n" + _footer_text(mail), charset="utf-8")
    message.add_alternative(_html(mail, archive), subtype="html", charset="utf-8")
    return message


def _footer_text(mail: Mail) -> str:
    lines = ["--", "Du får det här utskicket från kbank för " + _watches_phrase(mail) + "."]
    for d in mail.digests:
        lines.append(f"Avsluta bevakningen {d.watch.name}: kbank watch remove {_quoted(d.watch.name)}")
    return "\n".join(lines) + "\n"


def _watches_phrase(mail: Mail) -> str:
    names = [f"\u201d{d.watch.name}\u201d" for d in mail.digests]
    return ("bevakningen " if len(names) == 1 else "bevakningarna ") + ", ".join(names)


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _html(mail: Mail, archive: Path) -> str:
    e = html.escape
    parts = ['<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>kbank</title></head><body>']
    for digest in mail.digests:
        parts.append(f"<h1>{e(_heading(digest))}</h1>")
        for area, unit, entries in digest.groups():
            parts.append(f"<h2>{e(area)} \u2013 {e(unit)}</h2><ul>")
            for entry in entries:
                link = _file_link(archive, entry.path)
                title = f'<a href="{e(link)}">{e(entry.title)}</a>' if link else e(entry.title)
                case = f"Dnr {e(entry.dnr)}" if entry.dnr else ""
                if entry.project:
                    case += (" \u2013 " if case else "") + e(entry.project)
                kind = e(entry.doc_type if entry.doc_type != "other" else "övrigt")
                parts.append(f"<li><strong>{title}</strong> ({kind}, {e(entry.date or 'odaterad')})")
                if case:
                    parts.append(f"<br>{case}")
                if entry.summary:
                    parts.append(f"<br>Sammanfattning: {e(entry.summary)}")
                if entry.snippet:
                    page = f" s. {entry.page}" if entry.page else ""
                    parts.append(f"<br>Träff{page}: {e(entry.snippet)}")
                parts.append(f"<br><small>{e(entry.path)} (kbank show {e(entry.id[:8])})</small></li>")
            parts.append("</ul>")
    parts.append(f"<hr><p>Du får det här utskicket från kbank för {e(_watches_phrase(mail))}.</p><ul>")
    for d in mail.digests:
        parts.append(f"<li>Avsluta: <code>kbank watch remove {e(_quoted(d.watch.name))}</code></li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def _file_link(archive: Path, rel: str) -> str | None:
    try:
        return (archive / rel).resolve().as_uri()
    except ValueError:
        return None


def write_messages(messages: list[tuple[Mail, EmailMessage]], target: Path | None, force: bool) -> list[Path]:
    """Write the messages: a folder of .eml files, one mbox (``.mbox``), or one ``.eml`` file."""
    if target is None:
        return []
    try:
        if target.suffix.lower() == ".mbox":
            if target.exists() and not force:
                raise UsageError(f"{target} finns redan: ange --force för att skriva över den")
            target.unlink(missing_ok=True)
            box = mailbox.mbox(str(target))
            try:
                for _, message in messages:
                    box.add(message)
                box.flush()
            finally:
                box.close()
            return [target]
        if target.suffix.lower() == ".eml":
            if len(messages) > 1:
                raise UsageError(
                    f"{len(messages)} meddelanden (ett per mottagare): ange en mapp eller en .mbox-fil med --out"
                )
            if target.exists() and not force:
                raise UsageError(f"{target} finns redan: ange --force för att skriva över den")
            target.write_bytes(bytes(messages[0][1]))
            return [target]
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for n, (mail, message) in enumerate(messages, 1):
            who = re.sub(r"[^\w.@-]+", "_", mail.recipient or "utan-mottagare")
            path = target / f"{n:03d}-{who}.eml"
            if path.exists() and not force:
                raise UsageError(f"{path} finns redan: ange --force för att skriva över den")
            path.write_bytes(bytes(message))
            written.append(path)
        return written
    except OSError as exc:
        raise KbankError(f"kan inte skriva utskicket till {target}: {os_reason(exc)}") from None
