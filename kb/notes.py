"""Reads one note (Markdown + YAML front matter) into an Episode of paired zh/en paragraphs.

Real notes vary a lot (see the corpus's WARTS.md): `----` fences, list fields given as strings or
null, `<summary>` closed by `</p>`, English written as bare Markdown, nested or unclosed
`<details>`, headings glued to text. The body is read line by line, not by an HTML parser, because
an unclosed `<details>` would make a parser swallow the rest of the note.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import os
import re
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from kb.errors import KbError
from kb.models import Episode, Paragraph

# libyaml's loader parses front matter ten times faster than the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
QUOTES = "\"'“”‘’「」"
BINARY_SNIFF = 8192

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
DETAILS_OPEN = re.compile(r"<details\b[^>]*>", re.I)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.I)
SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)(?:</summary\s*>|</p\s*>|$)", re.I | re.S)
P_OPEN = re.compile(r"<p\b[^>]*>", re.I)
P_CLOSE = re.compile(r"</p\s*>", re.I)
BR = re.compile(r"<br\s*/?>", re.I)
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
QUOTE_MARKS = re.compile(r"^\s*(?:>\s*)+", re.M)
LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
EMPHASIS = re.compile(r"\*\*|__")
GLOSSARY = re.compile(r"\*\*([^*\n]{1,40}?)\*\*\s*[（(]([^（()）\n]{1,120})[）)]")
SPEAKER_LABELS = (
    re.compile(r"^\*\*\[?([^*\[\]\n]{1,40}?)\]?\s*[:：]\s*\*\*\s*"),  # **Tracy:**
    re.compile(r"^\*\*\[?([^*\[\]\n]{1,40}?)\]?\*\*\s*[:：]\s*"),  # **Dr. Will**:
    re.compile(r"^\[([^\[\]\n]{1,40})\]\s*[:：]\s*"),  # [Matt]:
    re.compile(r"^([A-Z][A-Za-z.'-]*(?: [A-Z0-9][A-Za-z0-9.'-]*){0,2})\s*(?:：\s*|:\s+)"),  # Amit:
)
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


class NoteError(KbError):
    """A note that cannot be read; it is skipped and named with file:line."""

    def __init__(self, path: str, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


def episode_id(path: str | os.PathLike) -> str:
    """The episode id is the file name without `.md`."""
    name = os.path.basename(path)
    stem, suffix = os.path.splitext(name)
    return stem if suffix.lower() in (".md", ".markdown", ".txt") else name


def read_text(path: Path) -> tuple[str, list[str]]:
    """Decode a note, dropping a byte-order mark; invalid UTF-8 is replaced, with a warning."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise NoteError(
            str(path), 0, f"cannot be read ({e.strerror}); check its permissions"
        ) from e
    if b"\x00" in raw[:BINARY_SNIFF]:
        raise NoteError(str(path), 1, "is not a text file (it holds NUL bytes); remove it")
    warnings = []
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        warnings.append(f"{path}:{line}: invalid UTF-8, replaced by U+FFFD; re-save as UTF-8")
        text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def load_episode(path: Path) -> Episode:
    """Read and parse the note at `path`; raises NoteError when it cannot be used."""
    text, warnings = read_text(path)
    return parse_note(text, str(path), warnings)


def parse_note(text: str, path: str, warnings: list[str] | None = None) -> Episode:
    """Parse the text of a note; `path` names it in messages and gives the episode id."""
    warnings = list(warnings or [])
    meta, body, body_line = split_front_matter(text, path)
    paragraphs, glossary, first_heading = parse_body(body, body_line)
    title = clean_scalar(meta.get("title")) or first_heading or episode_id(path)
    return Episode(
        id=episode_id(path),
        path=path,
        title=title,
        date=normalise_date(meta.get("date"), path, warnings),
        speaker=clean_scalar(meta.get("speaker")),
        source=clean_scalar(meta.get("source")),
        category=clean_scalar(meta.get("category")),
        summary=clean_scalar(meta.get("summary")),
        tags=tuple(dict.fromkeys(t.lower() for t in clean_list(meta.get("tags")))),
        companies=tuple(
            dict.fromkeys(
                clean_list(meta.get("companies_orgs")) + clean_list(meta.get("companies"))
            )
        ),
        people=tuple(dict.fromkeys(clean_list(meta.get("people")))),
        products=tuple(dict.fromkeys(clean_list(meta.get("products_models")))),
        draft=truthy(meta.get("draft")),
        exclude=truthy(meta.get("exclude")),
        paragraphs=tuple(paragraphs),
        glossary=tuple(dict.fromkeys(glossary)),
        warnings=tuple(warnings),
    )


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text, 1
    try:
        fm, body = handler.split(text)
    except ValueError:
        raise NoteError(
            path, 1, "front matter has no closing `---` line; add one after it"
        ) from None
    try:
        meta = yaml.load(fm, Loader=SAFE_LOADER)
    except yaml.YAMLError as e:
        # The context mark is where the broken construct began (an unclosed `[`), else the problem.
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 2
        problem = getattr(e, "problem", None) or "syntax error"
        raise NoteError(
            path, line, f"front matter is not valid YAML ({problem}); note skipped"
        ) from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise NoteError(path, 2, "front matter is not a mapping of `key: value`; note skipped")
    return meta, body, text[: len(text) - len(body)].count("\n") + 1


def clean_scalar(value: Any) -> str:
    """A front matter string without wrapping quotes or escaped quote marks."""
    if value is None:
        return ""
    text = str(value).replace('\\"', '"').strip()
    while len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    return text


def clean_list(value: Any) -> list[str]:
    """A list field given as a list, a string (`'[]'`, `'a, b'`) or null, as clean strings."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = value[1:-1]
        value = re.split(r"[,，、]", value)
    elif not isinstance(value, (list, tuple)):
        value = [value]
    items = (clean_scalar(v) for v in value if not isinstance(v, (dict, list)))
    return [item for item in items if item]


def truthy(value: Any) -> bool:
    """YAML booleans, and the strings 'true'/'yes' that some notes use instead."""
    if isinstance(value, str):
        return value.strip().strip(QUOTES).lower() in ("true", "yes", "1")
    return bool(value)


def normalise_date(value: Any, path: str, warnings: list[str]) -> str | None:
    """An ISO date string from a YAML date, a datetime or a date-like string."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = clean_scalar(value)
    match = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            pass
    warnings.append(f"{path}: date {text!r} is not YYYY-MM-DD; the episode has no date")
    return None


def parse_body(body: str, first_line: int) -> tuple[list[Paragraph], list[tuple[str, str]], str]:
    """Paragraphs, inline glossary pairs and the first heading of a note body."""
    blocks = read_blocks(body.split("\n"), first_line)
    glossary = [
        (term.strip(), gloss.strip())
        for kind, text, _ in blocks
        if kind != "h"
        for term, gloss in GLOSSARY.findall(text)
    ]
    first_heading = next((clean_inline(text) for kind, text, _ in blocks if kind == "h"), "")
    return pair_blocks(blocks), glossary, first_heading


def read_blocks(lines: list[str], first_line: int) -> list[tuple[str, str, int]]:
    """Split body lines into ('h' heading | 'p' paragraph | 'd' details, raw text, line) blocks."""
    reader = _BlockReader()
    for number, line in enumerate(lines, start=first_line):
        reader.feed(line, number)
    reader.close()
    return reader.blocks


class _BlockReader:
    """A line-driven state machine: outside or inside a `<details>` translation block."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str, int]] = []
        self.para: list[str] = []
        self.para_line = 0
        self.details: list[str] | None = None
        self.details_line = 0
        self.closed_p = False

    def feed(self, line: str, number: int) -> None:
        if self.details is not None:
            self.feed_details(line, number)
        elif HEADING.match(line):
            self.flush_para()
            self.blocks.append(("h", HEADING.match(line).group(2), number))
        elif DETAILS_OPEN.search(line):
            before, after = DETAILS_OPEN.split(line, 1)
            self.add_para_line(before, number)
            self.flush_para()
            self.open_details(number)
            self.feed_details(after, number)
        elif DETAILS_CLOSE.search(line):
            self.add_para_line(DETAILS_CLOSE.sub("", line), number)  # a stray closing tag
        elif not line.strip() or RULE.match(line):
            self.flush_para()
        else:
            self.add_para_line(line, number)

    def feed_details(self, line: str, number: int) -> None:
        if HEADING.match(line) or (
            self.closed_p and line.strip() and not line.lstrip().startswith("<")
        ):
            self.close_details()  # unclosed block: the note goes on after it
            self.feed(line, number)
        elif DETAILS_OPEN.search(line):
            before, after = DETAILS_OPEN.split(line, 1)
            self.details.append(before)
            if self.details_text():
                self.close_details(nested=True)
                self.open_details(number)
            self.feed_details(after, number)
        elif DETAILS_CLOSE.search(line):
            before, after = DETAILS_CLOSE.split(line, 1)
            self.details.append(before)
            self.close_details()
            if after.strip():
                self.feed(after, number)
        else:
            self.details.append(line)
            if P_CLOSE.search(SUMMARY.sub("", line)):
                self.closed_p = True

    def open_details(self, number: int) -> None:
        self.details, self.details_line, self.closed_p = [], number, False

    def details_text(self) -> str:
        text = SUMMARY.sub("", "\n".join(self.details))
        return P_CLOSE.sub("", P_OPEN.sub("", text)).strip()

    def close_details(self, nested: bool = False) -> None:
        text = self.details_text()
        # A block cut short by a nested <details> that holds Chinese is the next paragraph's
        # Chinese text, misplaced (WARTS: nested <details>).
        kind = "p" if nested and is_mostly_chinese(text) else "d"
        self.blocks.append((kind, text, self.details_line))
        self.details = None

    def add_para_line(self, line: str, number: int) -> None:
        if not line.strip():
            return
        if not self.para:
            self.para_line = number
        self.para.append(line)

    def flush_para(self) -> None:
        if self.para:
            self.blocks.append(("p", "\n".join(self.para), self.para_line))
            self.para = []

    def close(self) -> None:
        if self.details is not None:
            self.close_details()
        self.flush_para()


def pair_blocks(blocks: list[tuple[str, str, int]]) -> list[Paragraph]:
    """Pair each Chinese paragraph with the translation block that follows it."""
    paragraphs: list[Paragraph] = []
    heading = ""
    pending: tuple[str, int] | None = None

    def emit(zh_raw: str, en_raw: str, line: int) -> None:
        speaker, zh_raw = split_speaker(zh_raw)
        en_speaker, en_raw = split_speaker(en_raw)
        zh, en = clean_inline(zh_raw), clean_english(en_raw)
        if zh or en:
            number = len(paragraphs) + 1
            paragraphs.append(Paragraph(number, heading, zh, en, line, speaker or en_speaker))

    for kind, text, line in blocks:
        if kind == "d":
            zh_raw, zh_line = pending or ("", line)
            emit(zh_raw, text, zh_line)
            pending = None
            continue
        if pending:
            emit(pending[0], "", pending[1])
            pending = None
        if kind == "h":
            heading = clean_inline(text)
        else:
            pending = (text, line)
    if pending:
        emit(pending[0], "", pending[1])
    return paragraphs


def clean_inline(text: str) -> str:
    """Markdown paragraph text as plain text: no emphasis, link targets or quote marks."""
    text = html.unescape(BR.sub("\n", text))
    text = LINK.sub(r"\1", QUOTE_MARKS.sub("", text))
    text = EMPHASIS.sub("", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def clean_english(text: str) -> str:
    """A translation block's text on one line: subtitle breaks and `<br>` become spaces."""
    return " ".join(clean_inline(text).split())


def split_speaker(text: str) -> tuple[str, str]:
    """Split a leading speaker label (`**Tracy:**`, `**Dr. Will**:`, `Amit:`) off a paragraph."""
    text = QUOTE_MARKS.sub("", text).lstrip()
    for pattern in SPEAKER_LABELS:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return match.group(1).strip(), text[match.end() :]
    return "", text


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def is_english(text: str) -> bool:
    """True for English prose: Latin letters, and at most one Han character for ten of them."""
    letters = len(LATIN.findall(text))
    return letters >= 20 and len(CJK.findall(text)) * 10 <= letters


def is_mostly_chinese(text: str) -> bool:
    """True when Han characters outnumber Latin letters."""
    return has_cjk(text) and len(CJK.findall(text)) > len(LATIN.findall(text))
