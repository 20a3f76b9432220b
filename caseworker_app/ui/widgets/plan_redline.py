"""The redline: what proposed amendments change in the final plan, as a family would read it.

Renders a `plan_diff.PlanDiff` as HTML for a QTextBrowser: each changed section with its
words struck through in red where deleted and underlined in green where inserted, items
marked as added or removed; each unchanged section collapsed to one line.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from caseworker_app.codes import PlanSection
from caseworker_app.plan_diff import Chunk, PlanDiff

DELETED = "color:#b3261e; text-decoration: line-through;"
INSERTED = "color:#1b6e3a; text-decoration: underline;"
MUTED = "color:#5f6368;"


def chunks_html(chunks: Iterable[Chunk]) -> str:
    """Equal text plain, deleted text struck through in red, inserted underlined in green."""
    parts = []
    for chunk in chunks:
        text = html.escape(chunk.text).replace("\n", "<br>")
        op = chunk.op
        if op == "delete":
            parts.append(f"<span style='{DELETED}'><s>{text}</s></span>")
        elif op == "insert":
            parts.append(f"<span style='{INSERTED}'><u>{text}</u></span>")
        else:
            parts.append(text)
    return "".join(parts)


def _item_html(item: Any) -> str:
    """An added, removed or changed item: a mark, then each field word by word."""
    status = str(item.status)
    lines = [f"<i>{html.escape(f.label)}:</i> {chunks_html(f.chunks)}" for f in item.fields]
    if status == "added":
        mark = f"<b style='{INSERTED}'>Added {html.escape(item.kind)}</b>"
    elif status == "removed":
        mark = f"<b style='{DELETED}'>Removed {html.escape(item.kind)}</b>"
    else:
        mark = f"<b>Changed {html.escape(item.kind)}</b>"
    return f"<li style='margin-bottom:4px'>{mark}<br>{'<br>'.join(lines)}</li>"


def redline_html(diff: PlanDiff, title: str) -> str:
    """The whole redline document."""
    sections = diff.sections
    out = [f"<h2>{html.escape(title)}</h2>"]
    changed = [s for s in PlanSection if s in sections and sections[s].changed]
    if not changed:
        out.append(f"<p style='{MUTED}'>Nothing has changed yet since the final plan.</p>")
    else:
        names = ", ".join(s.value for s in changed)
        out.append(f"<p>Sections changed: <b>{names}</b>. Words taken out are "
                   f"<span style='{DELETED}'><s>struck through</s></span>, words put in "
                   f"<span style='{INSERTED}'><u>underlined</u></span>.</p>")
    for section in PlanSection:
        part = sections.get(section)
        if part is None or not part.changed:
            out.append(f"<p style='{MUTED}; margin:2px 0'>{html.escape(section.label)}: "
                       "unchanged</p>")
            continue
        out.append(f"<h3 style='margin-bottom:2px'>{html.escape(section.label)}</h3>")
        text = part.text
        if any(c.op != "equal" for c in text):
            out.append(f"<p style='margin-top:2px'>{chunks_html(text)}</p>")
        items = [i for i in part.items if i.status != "unchanged"]
        if items:
            out.append("<ul style='margin-top:2px'>" + "".join(map(_item_html, items))
                       + "</ul>")
    return "".join(out)
