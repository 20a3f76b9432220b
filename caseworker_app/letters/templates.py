"""Letter templates: wording with named fields, checked before it is saved or printed.

A lead officer edits a letter's wording in the app. The wording is plain text with a few
conventions, so it needs no word processor:

    Fields are written {{ child_name }}; the list of fields each letter may use is in
    `catalogue`. {% if reasons %}...{% endif %} keeps a passage only when a field is filled.
    A line starting "## " is a heading; lines starting "- " are a bulleted list; a blank line
    ends a paragraph; **two stars** make words bold.

Templates are rendered with Jinja2's sandbox (no access to Python objects) and strict
undefined fields, and are checked first: a syntax slip, an unknown field (with the nearest
known one suggested) or a field that has no value for this letter is reported with its line,
and nothing is printed. A letter is never posted with a blank where a field should be.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass

from jinja2 import Template, TemplateSyntaxError, Undefined, meta
from jinja2.sandbox import SandboxedEnvironment

_MISSING: ContextVar[list[str]] = ContextVar("missing_fields")


class _RecordingUndefined(Undefined):
    """A field with no value: printing it records its name (and prints nothing, though the
    render is then refused); testing it in {% if %} is simply false."""

    __slots__ = ()

    def __str__(self) -> str:
        _MISSING.get().append(self._undefined_name or "?")
        return ""


_ENV = SandboxedEnvironment(undefined=_RecordingUndefined, autoescape=False,
                            keep_trailing_newline=False, trim_blocks=True,
                            lstrip_blocks=True)


@dataclass(frozen=True)
class TemplateProblem:
    """Something wrong with a template, and where (1-based line; 0 for the whole text)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class TemplateError(ValueError):
    """A template cannot be saved or printed; `problems` says why and where."""

    def __init__(self, where: str, problems: Iterable[TemplateProblem]) -> None:
        self.where = where
        self.problems = tuple(problems)
        listed = "; ".join(str(p) for p in self.problems)
        super().__init__(f"{where}: {listed}")


def fields_used(text: str) -> frozenset[str]:
    """The fields a template refers to (it must parse)."""
    return frozenset(meta.find_undeclared_variables(_ENV.parse(text)))


def check_template(text: str, allowed: Iterable[str],
                   required: Iterable[str] = ()) -> list[TemplateProblem]:
    """Everything wrong with `text` as a template that may use the fields `allowed` and
    must use those in `required` (empty when it is fine)."""
    allowed = frozenset(allowed)
    if not text.strip():
        return [TemplateProblem(0, "The wording is empty.")]
    try:
        used = fields_used(text)
    except TemplateSyntaxError as exc:
        return [TemplateProblem(exc.lineno or 0, _syntax_message(exc))]
    problems = []
    for name in sorted(used - allowed):
        near = difflib.get_close_matches(name, sorted(allowed), n=1)
        hint = f" Did you mean {{{{ {near[0]} }}}}?" if near else ""
        problems.append(TemplateProblem(
            _line_of(text, name), f"{{{{ {name} }}}} is not a field this letter has.{hint}"))
    for name in sorted(frozenset(required) - used):
        problems.append(TemplateProblem(
            0, f"The wording must use {{{{ {name} }}}}: the law requires what it says."))
    return sorted(problems, key=lambda p: p.line)


@functools.lru_cache(maxsize=128)
def _compiled(text: str) -> Template:
    """The template for `text`, compiled once: a print run renders the same few hundred
    times, and compiling costs far more than rendering."""
    return _ENV.from_string(text)


def render(text: str, values: Mapping[str, str], where: str) -> str:
    """Fill in `text`'s fields from `values`.

    Raises `TemplateError` naming every field the template prints that has no value (or an
    empty one), so a letter never goes out with a gap. A field only tested, as in
    {% if meeting_details %}, may be empty.
    """
    try:
        template = _compiled(text)
    except TemplateSyntaxError as exc:
        raise TemplateError(where, [TemplateProblem(exc.lineno or 0,
                                                    _syntax_message(exc))]) from exc
    filled = {k: v for k, v in values.items() if str(v or "").strip()}
    missing: list[str] = []
    token = _MISSING.set(missing)
    try:
        result = template.render(filled)
    finally:
        _MISSING.reset(token)
    if missing:
        raise TemplateError(where, [TemplateProblem(
            _line_of(text, n), f"{{{{ {n} }}}} has no value for this letter.")
            for n in dict.fromkeys(missing)])
    return result


# ----- the wording's layout --------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One piece of laid-out wording: "heading", "paragraph" or "bullets"."""

    kind: str
    lines: tuple[str, ...]


def parts(text: str) -> list[Part]:
    """Split rendered wording into headings, paragraphs and bulleted lists."""
    found: list[Part] = []
    para: list[str] = []
    bullets: list[str] = []

    def close() -> None:
        if para:
            found.append(Part("paragraph", (" ".join(para),)))
            para.clear()
        if bullets:
            found.append(Part("bullets", tuple(bullets)))
            bullets.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("## "):
            close()
            found.append(Part("heading", (line[3:].strip(),)))
        elif line.startswith("- "):
            if para:
                close()
            bullets.append(line[2:].strip())
        elif bullets and raw[:1].isspace():
            bullets[-1] += " " + line  # a bullet carried on to an indented line
        else:
            if bullets:
                close()
            para.append(line)
    close()
    return found


def _line_of(text: str, name: str) -> int:
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 0


def _syntax_message(exc: TemplateSyntaxError) -> str:
    message = exc.message or "the wording could not be read"
    if "unexpected '}'" in message or "expected token 'end of print statement'" in message:
        return (f"{message}. Fields are written with two braces on each side, such as "
                "{{ child_name }}.")
    if "Unexpected end of template" in message:
        return f"{message}. Every {{% if %}} needs its {{% endif %}}."
    return message
