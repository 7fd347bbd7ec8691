"""Keep the window's translations in step with the sources: l5viz/resources/i18n/l5viz_<lang>.ts and .qm.

    python scripts/update_translations.py           # update every .ts from l5viz/ (lupdate), then make the .qm
    python scripts/update_translations.py --check   # change nothing; exit 1 and say what is wrong
    python scripts/update_translations.py --language fr   # also start the .ts of a new language

pyside6-lupdate collects every text the sources mark (self.tr, QCoreApplication.translate, QT_TRANSLATE_NOOP),
keeps the translations already made (also of a text that moved to another context) and drops the texts no source
marks any more; pyside6-lrelease compiles the .ts into the .qm the window loads. The .ts holds no source locations,
so it changes only when a text does.
--check fails when the .ts is stale (a text added or removed in the sources), an entry is unfinished, a
translation lacks or adds a {placeholder} (its .format would fail), the .qm is not the .ts compiled, or a mark is
one lupdate cannot see (a tr call inside an f-string, an f-string as the text, a variable as
QT_TRANSLATE_NOOP's text) or files under no context (tr called through an alias).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "l5viz"
I18N = SOURCES / "resources" / "i18n"
CATALOGUE = "l5viz"
DEFAULT_LANGUAGES = ("es",)
MARKS = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}  # the call, and the index of its text argument
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%[vmn]")


def tool(name: str) -> list[str]:
    """pyside6-<name> beside this Python (the venv's bin), else through PySide6's own launcher."""
    script = Path(sys.executable).parent / f"pyside6-{name}"
    if script.exists():
        return [str(script)]
    if shutil.which(f"pyside6-{name}"):
        return [f"pyside6-{name}"]
    return [sys.executable, "-c", f"import sys; from PySide6.scripts.pyside_tool import {name}; sys.exit({name}())"]


def source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts)


def catalogues(new: str | None = None) -> dict[str, Path]:
    """Every language's .ts, and a new language's to be made (`new`)."""
    found = {p.stem.removeprefix(f"{CATALOGUE}_"): p for p in sorted(I18N.glob(f"{CATALOGUE}_*.ts"))}
    found = found or {code: I18N / f"{CATALOGUE}_{code}.ts" for code in DEFAULT_LANGUAGES}
    return found | ({new: I18N / f"{CATALOGUE}_{new}.ts"} if new else {})


def run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:2])} failed:\n{done.stdout}{done.stderr}")


def lupdate(ts: Path, code: str) -> None:
    """Update `ts` (made if missing) from the sources: new texts unfinished, vanished ones dropped."""
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as listing:
        listing.write("\n".join(files))
    try:
        run(tool("lupdate") + ["-no-obsolete", "-locations", "none", "-source-language", "en",
                               "-target-language", code, f"@{listing.name}", "-ts", str(ts)])
    finally:
        Path(listing.name).unlink()


def carry_over(ts: Path, before: dict[tuple[str, str, str], ET.Element]) -> int:
    """A text that moved to another context (a class renamed, a function moved) keeps its translation: each new,
    unfinished entry whose source had one translation before, in whatever context, takes it as finished (lupdate's
    same-text heuristic offers one too, but unfinished). A source translated two ways is left for a translator.
    Returns how many."""
    known: dict[str, set[str]] = {}
    for (_, source, _), translation in before.items():
        if translation is not None and translation.get("type") is None and translation.text:
            known.setdefault(source, set()).add(translation.text)
    tree = ET.parse(ts)
    carried = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        found = known.get(message.findtext("source") or "", set())
        if translation.get("type") == "unfinished" and len(found) == 1 and (translation.text or "") in found | {""}:
            translation.text = found.pop()
            del translation.attrib["type"]
            carried += 1
    if carried:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return carried


def lrelease(ts: Path, qm: Path) -> None:
    run(tool("lrelease") + ["-silent", str(ts), "-qm", str(qm)])


def entries(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, disambiguation) -> the <translation> element."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = message.find("translation")
    return out


def texts(translation: ET.Element) -> list[str]:
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def named(key: tuple[str, str, str]) -> str:
    context, source, comment = key
    return f"{context}: {source!r}" + (f" ({comment})" if comment else "")


def entry_problems(found: dict[tuple[str, str, str], ET.Element], where: str) -> list[str]:
    """Unfinished entries, and translations whose placeholders differ from their source's."""
    problems = []
    for key, translation in found.items():
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") \
                or not all(t.strip() for t in texts(translation)):
            problems.append(f"{where}: unfinished: {named(key)}")
            continue
        wanted = sorted(PLACEHOLDER.findall(key[1]))
        for text in texts(translation):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{where}: placeholders {sorted(PLACEHOLDER.findall(text))} instead of {wanted}: "
                                f"{named(key)}")
    return problems


def marked_texts() -> tuple[set[tuple[str, str]], list[str]]:
    """Every (context or None for tr, text, where) the sources mark with a literal, as Python reads them (f-strings
    included), and the marks lupdate cannot read (an f-string as the text, a variable in QT_TRANSLATE_NOOP) or
    files under no context (a bare tr)."""
    marked, problems = set(), []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            at = MARKS.get(name)
            if at is None or len(node.args) <= at:
                continue
            text = node.args[at]
            context = node.args[0].value if at == 1 and isinstance(node.args[0], ast.Constant) else None
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(text, ast.JoinedStr):
                problems.append(f"{where}: an f-string cannot be translated; mark a template and .format() it")
            elif name == "QT_TRANSLATE_NOOP" and not isinstance(text, ast.Constant):
                problems.append(f"{where}: QT_TRANSLATE_NOOP needs the text itself: lupdate cannot read a variable")
            elif isinstance(node.func, ast.Name) and name == "tr":
                problems.append(f"{where}: a bare tr(...) (an alias of self.tr) is filed under no context, where Qt "
                                "never looks: call self.tr(...)")
            elif isinstance(text, ast.Constant) and isinstance(text.value, str):
                marked.add((context, text.value, where))
    return marked, problems


def unseen(found: dict[tuple[str, str, str], ET.Element], marked) -> list[str]:
    """Marks lupdate missed or misfiled, in a .ts it has just written: a text it did not see (a tr call inside an
    f-string's braces), and a text it filed under no context (`tr` called through an alias or outside a class),
    which Qt, asking with the class's name, never finds."""
    collected = {(context, source) for context, source, _ in found}
    sources = {source for _, source, _ in found}
    problems = [f"{where}: lupdate cannot see this mark (inside an f-string?): {text!r}"
                for context, text, where in sorted(marked, key=lambda m: m[2])
                if ((context, text) not in collected if context else text not in sources)]
    return problems + [f"no context for {source!r} (see the bare tr calls named above)"
                       for context, source, _ in sorted(found) if not context]


def check(code: str, ts: Path, marked) -> list[str]:
    qm = ts.with_suffix(".qm")
    where = ts.name
    if not ts.exists():
        return [f"{where} is missing: run scripts/update_translations.py"]
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / ts.name
        shutil.copy(ts, fresh)
        lupdate(fresh, code)
        now, then = entries(fresh), entries(ts)
        problems += unseen(now, marked)
        problems += [f"{where} is stale: new in the sources: {named(k)}" for k in now.keys() - then.keys()]
        problems += [f"{where} is stale: no longer in the sources: {named(k)}" for k in then.keys() - now.keys()]
        if not problems and fresh.read_bytes() != ts.read_bytes():
            problems.append(f"{where} is not as lupdate writes it: run scripts/update_translations.py")
        compiled = Path(folder) / qm.name
        lrelease(ts, compiled)
        if not qm.exists() or compiled.read_bytes() != qm.read_bytes():
            problems.append(f"{qm.name} is not {where} compiled: run scripts/update_translations.py")
    return problems + entry_problems(then, str(where))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 and name what is wrong")
    parser.add_argument("--language", metavar="CODE", help="also start the .ts of a new language (e.g. fr)")
    args = parser.parse_args(argv)
    marked, problems = marked_texts()  # a mark lupdate cannot read: wrong whether checking or updating
    I18N.mkdir(parents=True, exist_ok=True)
    for code, ts in catalogues(args.language).items():
        if args.check:
            problems += check(code, ts, marked)
        else:
            before = entries(ts) if ts.exists() else {}
            lupdate(ts, code)
            if carry_over(ts, before):
                lupdate(ts, code)  # (back to lupdate's own layout)
            lrelease(ts, ts.with_suffix(".qm"))
            found = entries(ts)
            problems += unseen(found, marked)
            finished = sum(1 for t in found.values() if t is not None and t.get("type") is None)
            print(f"{ts.relative_to(ROOT)}: {finished} of {len(found)} finished, in {len({k[0] for k in found})} "
                  "contexts")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
