"""The course glossary: one data file, the page rendered from it, and the check of the notebooks.

``data/glossary.csv`` is the one source of truth for the Traditional Chinese (Taiwan usage) term the
course writes beside each English key concept. Its columns:

- ``english``: the term, then other spellings and abbreviations, separated by ``|``
  (``optimizer|optimiser``); matching ignores case, spaces, hyphens, ``-ise``/``-ize`` and plurals;
- ``chinese``: the preferred form, the only one a notebook uses in its own voice;
- ``other_forms``: forms seen in the seed notes or mainland usage, separated by ``|``; a notebook
  writes them only when it quotes a seed (below);
- ``day``: the day whose notebook introduces the term (pairs it with its Chinese form);
- ``note``: where the other forms come from, or what the term is not.

``python -m course_utils.glossary`` writes ``docs/glossary.md``; ``--check`` fails when that page is
out of date; ``--report [NOTEBOOK ...]`` lists every notebook's problems (``--out FILE``: to a file).

**Pairs.** ``English term (中文)`` in a notebook, with ``(`` or ``（``, is a pair. The English side is the
end of the text before the parenthesis (the longest glossary term it ends with); when the parenthesis
names the English itself after a comma, ``(梯度下降法, gradient descent)``, that name is used. The
Chinese side is the parenthesis up to its first comma or semicolon. A pair agrees with the glossary
when its Chinese side contains the term's preferred form.

**Quoting a seed.** A non-preferred form may appear only as a quotation: inside 「」 quotes, or in a
sentence that names a seed (the word "seed(s)", "slide(s)" or "lecture note(s)", or a seed's file
name such as ``003_3f68ef6409dc24f7``), e.g. ``dropout (丟棄法; seed 000 says 隨機移除)``.
A pair in such a sentence may translate the seed's own words, so it is not checked either.
Markdown is read by paragraph line, list item and table row (soft line breaks joined), code by line.
A non-preferred form that is also some term's preferred form (正規化: normalisation, but the seeds'
word for regularisation too) cannot be told apart in running text, so only pairs check it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
GLOSSARY_CSV = REPO_ROOT / "data" / "glossary.csv"
GLOSSARY_MD = REPO_ROOT / "docs" / "glossary.md"
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
COLUMNS = ["english", "chinese", "other_forms", "day", "note"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PAREN = re.compile(r"[(（]([^()（）\n]*)[)）]")
_STARTS_CJK = re.compile(rf"^\s*[{_CJK}]")
_SEGMENT_SPLIT = re.compile(r"[,，;；]")
_TOKEN = re.compile(r"[a-z0-9]+")
_SEED_LINE = re.compile(r"\bseeds?\b|\bslides?\b|\blecture notes?\b|\b\d{3}_[0-9a-f]{16}\b", re.I)
_QUOTE = re.compile(r"「[^」\n]*」")
_DAY_FILE = re.compile(r"^Day(\d{2})_")
_MAX_TOKENS = 8


class GlossaryError(ValueError):
    """The glossary data file is malformed; the message names the line."""


@dataclass(frozen=True)
class Entry:
    english: tuple[str, ...]
    chinese: str
    other_forms: tuple[str, ...]
    day: int
    note: str = ""

    @property
    def term(self) -> str:
        return self.english[0]


@dataclass(frozen=True)
class Pair:
    english: str  # the text the English side was read from
    chinese: str  # the Chinese side (the parenthesis up to its first comma)
    line: str
    line_no: int  # 1-based, within the text searched
    entry: Entry | None


# ------------------------------------------------------------------------------------ the data file

def _split(field: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (field or "").split("|") if p.strip())


def load_glossary(path: str | Path = GLOSSARY_CSV) -> list[Entry]:
    """The entries of the data file, checked: every field present, no term or form listed twice."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise GlossaryError(f"{path}: columns must be {COLUMNS}, found {reader.fieldnames}")
        rows = list(reader)
    entries, seen_english, seen_chinese = [], {}, {}
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"
        english, other = _split(row["english"]), _split(row["other_forms"])
        chinese = (row["chinese"] or "").strip()
        if not english:
            raise GlossaryError(f"{where}: no English term")
        if not re.search(f"[{_CJK}]", chinese) or "|" in chinese:
            raise GlossaryError(f"{where}: 'chinese' must be one Chinese term, got {chinese!r}")
        try:
            day = int(row["day"])
        except (TypeError, ValueError):
            raise GlossaryError(f"{where}: 'day' must be a day number, got {row['day']!r}") from None
        if not 0 <= day <= 99:
            raise GlossaryError(f"{where}: 'day' must be between 0 and 99, got {day}")
        if chinese in other:
            raise GlossaryError(f"{where}: {chinese} is both preferred and listed in other_forms")
        for name in english:
            key = _key(name)
            if seen_english.get(key, line) != line:
                raise GlossaryError(f"{where}: {name!r} is already listed on line {seen_english[key]}")
            seen_english[key] = line
        if chinese in seen_chinese:
            raise GlossaryError(f"{where}: {chinese} is already the preferred form on line {seen_chinese[chinese]}")
        seen_chinese[chinese] = line
        entries.append(Entry(english, chinese, other, day, (row["note"] or "").strip()))
    return entries


# -------------------------------------------------------------------------------------- rendering

def render_markdown(entries: list[Entry], source: str = "data/glossary.csv") -> str:
    """The glossary page: one table, by day, generated from the data file."""
    out = [
        "# Glossary (術語表)",
        "",
        f"Generated from [`{source}`](../{source}) by `python -m course_utils.glossary`; edit the data",
        "file, not this page. `tests/test_glossary.py` checks that this page is up to date and that every",
        "notebook follows it.",
        "",
        "- **Preferred** is the Traditional Chinese (Taiwan usage) form a notebook writes beside the English",
        "  term, as `English term (中文)`, on the day that introduces it (the **Day** column).",
        "- **Not used** lists forms seen in the seed notes or mainland usage. A notebook writes them only",
        "  when it quotes a seed: inside 「」 quotes, or in a sentence that names the seed (\"seed\",",
        "  \"slide\", \"lecture notes\" or its file name): `dropout (丟棄法; seed 000 says 隨機移除)`.",
        "- Other spellings and abbreviations of an English term are separated by ` / `.",
        "",
        "| Day | English | Preferred | Not used | Note |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in sorted(entries, key=lambda e: (e.day, e.term.lower())):
        cells = [f"{e.day:02d}", " / ".join(e.english), e.chinese, ", ".join(e.other_forms), e.note]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def write_markdown(csv_path: str | Path = GLOSSARY_CSV, md_path: str | Path = GLOSSARY_MD) -> Path:
    md_path = Path(md_path)
    md_path.parent.mkdir(parents=True, exist_ok=True)
    md_path.write_text(render_markdown(load_glossary(csv_path)), encoding="utf-8")
    return md_path


# ---------------------------------------------------------------------------------- finding pairs

def _tokens(text: str) -> list[str]:
    """Lower-case word tokens, hyphens and apostrophes dropped, -ize spelled -ise."""
    text = text.lower().replace("’", "").replace("'", "")
    return [t.replace("z", "s") for t in _TOKEN.findall(text)]


def _key(name: str) -> str:
    return "".join(_tokens(name))


def _variants(key: str) -> set[str]:
    out = {key, key + "s", key + "es"}
    if key.endswith("y"):
        out.add(key[:-1] + "ies")
    if key.endswith("um"):
        out.add(key[:-2] + "a")
    return out


class _Matcher:
    def __init__(self, entries: list[Entry]):
        self.by_form: dict[str, Entry] = {}
        for e in entries:
            for name in e.english:
                for v in _variants(_key(name)):
                    self.by_form.setdefault(v, e)

    def ending(self, text: str) -> Entry | None:
        """The entry whose English the text ends with (whole words; the longest wins)."""
        tokens = _tokens(text)[-_MAX_TOKENS:]
        for k in range(len(tokens), 0, -1):
            entry = self.by_form.get("".join(tokens[-k:]))
            if entry is not None:
                return entry
        return None

    def exactly(self, text: str) -> Entry | None:
        return self.by_form.get(_key(text)) if _key(text) else None


_BLOCK_START = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)]\s|```|$)")
_SIDE_CUT = re.compile(r"[)）|:：。]|[.!?]\s")
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)")


def logical_lines(text: str, markdown: bool = True) -> list[tuple[int, str]]:
    """``(first line number, text)`` of each paragraph line, list item or table row of markdown (soft
    line breaks joined with a space), or of each line of code."""
    out: list[tuple[int, str]] = []
    previous_blank = True
    for line_no, line in enumerate(text.splitlines(), start=1):
        if markdown and out and not previous_blank and not _BLOCK_START.match(line):
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
        else:
            out.append((line_no, line))
        previous_blank = not line.strip()
    return out


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence of ``line`` that holds ``line[start:end]``."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(line, 0, start)), default=0)
    stop = next((m.end() for m in _SENTENCE_END.finditer(line, end)), len(line))
    return line[begin:stop]


def find_pairs(text: str, entries: list[Entry], markdown: bool = True) -> list[Pair]:
    """Every ``English (中文)`` pair in ``text``, with the glossary entry it names (or None)."""
    matcher = _Matcher(entries)
    pairs = []
    for line_no, line in logical_lines(text, markdown):
        for m in _PAREN.finditer(line):
            inside = m.group(1)
            if not _STARTS_CJK.match(inside):
                continue
            segments = _SEGMENT_SPLIT.split(inside)
            chinese = segments[0].strip()
            before = line[: m.start()]
            english = before[max((c.end() for c in _SIDE_CUT.finditer(before)), default=0):]
            named = [segments[1].strip()] if len(segments) == 2 and matcher.exactly(segments[1]) else []
            entry = matcher.exactly(named[0]) if named else matcher.ending(english)
            pairs.append(Pair(named[0] if named else english.strip(), chinese, line, line_no, entry))
    return pairs


def _named(pair: Pair, entries: list[Entry]) -> list[Entry]:
    """The entries whose English the pair's English side names (whole words), its own entry first."""
    tokens = _tokens(pair.english)
    spans = {"".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)}
    found = [pair.entry] if pair.entry is not None else []
    for e in entries:
        if e is not pair.entry and any(spans & _variants(_key(name)) for name in e.english):
            found.append(e)
    return found


def _disagrees(pair: Pair, entries: list[Entry]) -> bool:
    """A pair disagrees when its Chinese side lacks the preferred form, unless it translates a longer
    phrase: it names another glossary term of its English side in that term's preferred form."""
    e = pair.entry
    if e is None or e.chinese in pair.chinese:
        return False
    if any(o in pair.chinese for o in e.other_forms):
        return True
    return not any(other.chinese in pair.chinese for other in _named(pair, entries)[1:])


def _quoted(line: str, start: int, end: int) -> bool:
    if _SEED_LINE.search(_sentence(line, start, end)):
        return True
    return any(q.start() < start and end < q.end() for q in _QUOTE.finditer(line))


def _forbidden_forms(entries: list[Entry]) -> dict[str, Entry]:
    preferred = {e.chinese for e in entries}
    return {o: e for e in entries for o in e.other_forms if o not in preferred}


def check_text(text: str, entries: list[Entry], markdown: bool = True) -> list[tuple[int, str]]:
    """Problems in one cell's text, as ``(line number, message)``: pairs that disagree with the
    glossary, and non-preferred forms outside a quotation of a seed."""
    problems = []
    reported = set()  # (line, form) already named by a disagreeing pair
    forbidden = _forbidden_forms(entries)
    for p in find_pairs(text, entries, markdown):
        if not _disagrees(p, entries):
            continue
        start = p.line.find("(" + p.chinese)
        if start < 0:
            start = p.line.find("（" + p.chinese)
        if _quoted(p.line, start, start + len(p.chinese)):
            continue
        seen = [o for o in p.entry.other_forms if o in p.chinese]
        hint = f", or quote the seed 「{seen[0]}」" if seen else ""
        problems.append((p.line_no, f"'{_short(p.english)} ({p.chinese})': write {p.entry.term} ({p.entry.chinese}){hint}"))
        reported |= {(p.line_no, f) for f in forbidden if f in p.chinese}
    preferred = sorted({e.chinese for e in entries}, key=len, reverse=True)
    for line_no, line in logical_lines(text, markdown):
        allowed = [(m.start(), m.end()) for w in preferred for m in re.finditer(re.escape(w), line)]
        hits = []
        for form, e in forbidden.items():
            for m in re.finditer(re.escape(form), line):
                s, t = m.start(), m.end()
                if any(a <= s and t <= b for a, b in allowed) or _quoted(line, s, t):
                    continue
                hits.append((s, t, form, e))
        for s, t, form, e in hits:
            if any(s2 <= s and t <= t2 and (t2 - s2) > (t - s) for s2, t2, _, _ in hits):
                continue  # part of a longer non-preferred form, reported once
            if (line_no, form) not in reported:
                problems.append((line_no, f"{form}: write {e.chinese} ({e.term}), or quote the seed 「{form}」"))
    return sorted(set(problems))


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


# -------------------------------------------------------------------------------- notebooks

def notebook_cells(path: str | Path) -> list[tuple[int, str, str]]:
    """``(index, cell type, source)`` of every cell of a notebook (read as plain JSON)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    out = []
    for i, c in enumerate(cells):
        src = c.get("source", "")
        out.append((i, c.get("cell_type", ""), "".join(src) if isinstance(src, list) else src))
    return out


def notebook_day(path: str | Path) -> int | None:
    m = _DAY_FILE.match(Path(path).name)
    return int(m.group(1)) if m else None


def check_notebook(path: str | Path, entries: list[Entry] | None = None) -> list[str]:
    """Every glossary problem of one notebook, one line each: disagreeing pairs, non-preferred forms
    outside quotations, and the terms of its day that it never pairs with their preferred form."""
    entries = load_glossary() if entries is None else entries
    problems, introduced = [], set()
    for index, kind, src in notebook_cells(path):
        markdown = kind == "markdown"
        for line_no, message in check_text(src, entries, markdown):
            problems.append(f"cell {index} ({kind}) line {line_no}: {message}")
        for p in find_pairs(src, entries, markdown):
            introduced |= {e.term for e in _named(p, entries) if e.chinese in p.chinese}
    day = notebook_day(path)
    for e in entries:
        if e.day == day and e.term not in introduced:
            problems.append(f"not introduced: this day introduces {e.term} ({e.chinese}); pair them once")
    return problems


def check_notebooks(paths=None, entries: list[Entry] | None = None) -> dict[str, list[str]]:
    """``{notebook name: problems}`` for the given notebooks (default: every day notebook)."""
    entries = load_glossary() if entries is None else entries
    paths = sorted(NOTEBOOK_DIR.glob("Day*.ipynb")) if paths is None else [Path(p) for p in paths]
    return {p.name: check_notebook(p, entries) for p in paths}


def format_report(results: dict[str, list[str]]) -> str:
    lines = []
    for name, problems in results.items():
        lines.append(f"{name}: {len(problems)} problem(s)" if problems else f"{name}: ok")
        lines += [f"  - {p}" for p in problems]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_utils.glossary", description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=GLOSSARY_CSV, help="the data file")
    parser.add_argument("--md", type=Path, default=GLOSSARY_MD, help="the page to write or check")
    parser.add_argument("--check", action="store_true", help="fail if the page is out of date; write nothing")
    parser.add_argument("--report", action="store_true",
                        help="list each notebook's problems; exit 1 if any")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the report to FILE, not stdout")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks for --report (default: all days)")
    args = parser.parse_args(argv)
    entries = load_glossary(args.csv)
    if args.report:
        results = check_notebooks(args.notebooks or None, entries)
        text = format_report(results)
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.write_text(text, encoding="utf-8")
            print(f"wrote {args.out}")
        return 1 if any(results.values()) else 0
    page = render_markdown(entries)
    if args.check:
        current = args.md.read_text(encoding="utf-8") if args.md.is_file() else ""
        if current != page:
            print(f"{args.md} is out of date: run python -m course_utils.glossary", file=sys.stderr)
            return 1
        print(f"{args.md} is up to date ({len(entries)} terms)")
        return 0
    args.md.parent.mkdir(parents=True, exist_ok=True)
    args.md.write_text(page, encoding="utf-8")
    print(f"wrote {args.md} ({len(entries)} terms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
