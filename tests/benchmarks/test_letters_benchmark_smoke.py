"""benchmarks/letters.py on a few letters: it composes real letters, writes a well-formed
mail-merge document with the same text, and runs (and says so) without LibreOffice."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from caseworker_app.export import letter_document as ld
from caseworker_app.letters.catalogue import BLOCK_TITLES, Block

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "letters.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("letters_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_compose_letters_is_repeatable_and_complete(bench) -> None:
    docs = bench.compose_letters(40, seed=7)
    assert docs == bench.compose_letters(40, seed=7)
    assert len(docs) == 40
    assert any(ld.Heading(BLOCK_TITLES[Block.APPEAL], 2) in d.blocks for d in docs)
    for doc in docs:
        assert doc.title and doc.blocks
        texts = [doc.title, *(b.text for b in doc.blocks if isinstance(b, ld.Paragraph))]
        assert not any("{{" in t or "{%" in t for t in texts)


def test_fodt_is_well_formed_and_holds_the_same_words(bench, tmp_path: Path) -> None:
    docs = bench.compose_letters(5, seed=3)
    path = tmp_path / "letters.fodt"
    bench.write_fodt(docs, path)
    text = " ".join(ElementTree.parse(path).getroot().itertext())
    for doc in docs:
        assert doc.title in text
        assert doc.recipient.name in text
        for block in doc.blocks:
            if isinstance(block, ld.Bullets):
                assert block.items[0].replace("**", "").split("\n")[0] in text


def test_runs_without_libreoffice(bench, monkeypatch, capsys) -> None:
    monkeypatch.setattr(bench, "find_soffice", lambda: None)
    monkeypatch.setattr(sys, "argv", ["letters.py", "--letters", "3", "--repeat", "1"])
    assert bench.main() == 0
    out = capsys.readouterr().out
    assert "| 3 letters to one PDF, best (s)" in out
    assert "baseline skipped" in out and "libreoffice-writer-nogui" in out
