"""Letter wording: the defaults are complete and valid, and a bad template is refused with
the line and the reason."""

from __future__ import annotations

import pytest

from caseworker_app.letters import defaults
from caseworker_app.letters.catalogue import (
    BLOCK_REQUIRED_FIELDS,
    CATALOGUE,
    Block,
    LetterKind,
    block_fields,
)
from caseworker_app.letters.templates import (
    Part,
    TemplateError,
    check_template,
    fields_used,
    parts,
    render,
)


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_letter_has_valid_default_wording(kind: LetterKind) -> None:
    info = CATALOGUE[kind]
    assert check_template(defaults.LETTERS[kind], info.field_names()) == []
    assert check_template(info.subject, info.field_names()) == []
    if any(f.name == "reasons" for f in info.fields):  # a decision against the family
        assert "reasons" in fields_used(defaults.LETTERS[kind])


@pytest.mark.parametrize("block", list(Block))
def test_every_block_keeps_what_the_law_requires(block: Block) -> None:
    assert check_template(defaults.BLOCKS[block], block_fields(block),
                          BLOCK_REQUIRED_FIELDS[block]) == []


def test_appealable_decisions_carry_the_four_statutory_blocks() -> None:
    appealable = {k for k, i in CATALOGUE.items() if i.appealable}
    assert appealable == {LetterKind.MAINTAIN, LetterKind.FINAL_AMENDED_COVER,
                          LetterKind.NOT_AMENDING, LetterKind.CEASE, LetterKind.NOT_ASSESS,
                          LetterKind.NOT_ISSUING, LetterKind.FINAL_PLAN_COVER}
    for kind in appealable:
        assert CATALOGUE[kind].blocks[-4:] == (Block.APPEAL, Block.MEDIATION,
                                               Block.DISAGREEMENT, Block.IAS)
    assert Block.SETTING_REQUEST in CATALOGUE[LetterKind.DRAFT_PLAN_COVER].blocks
    assert Block.SETTING_REQUEST in CATALOGUE[LetterKind.AMENDMENT_NOTICE].blocks


def test_an_unknown_field_is_named_with_its_line_and_the_nearest_field() -> None:
    text = "Dear family\n\nWe will review {{ chlid_name }}'s plan."
    (problem,) = check_template(text, CATALOGUE[LetterKind.MAINTAIN].field_names())
    assert problem.line == 3
    assert str(problem) == ("Line 3: {{ chlid_name }} is not a field this letter has. "
                            "Did you mean {{ child_name }}?")


def test_a_syntax_slip_is_explained() -> None:
    (problem,) = check_template("Hello\n{{ child_name }\n", {"child_name"})
    assert problem.line == 2
    assert "two braces on each side" in problem.message
    (problem,) = check_template("{% if reasons %}\nBecause {{ reasons }}", {"reasons"})
    assert "{% endif %}" in problem.message


def test_a_block_that_loses_a_required_field_is_refused() -> None:
    edited = defaults.BLOCKS[Block.MEDIATION].replace("{{ mediation_deadline }}", "soon")
    problems = check_template(edited, block_fields(Block.MEDIATION),
                              BLOCK_REQUIRED_FIELDS[Block.MEDIATION])
    assert [p.message for p in problems] == [
        "The wording must use {{ mediation_deadline }}: the law requires what it says."]


def test_a_field_without_a_value_stops_the_letter_never_a_blank() -> None:
    with pytest.raises(TemplateError) as caught:
        render("Dear {{ recipient_name }},\n\nBecause {{ reasons }}.",
               {"recipient_name": "Ms Shah", "reasons": "  "}, "Decision not to assess")
    assert str(caught.value) == ("Decision not to assess: Line 3: {{ reasons }} has no value "
                                 "for this letter.")


def test_a_field_only_tested_may_be_empty() -> None:
    text = "On {{ meeting_date }}{% if meeting_details %} ({{ meeting_details }}){% endif %}."
    assert render(text, {"meeting_date": "3 March 2027"}, "x") == "On 3 March 2027."
    assert render(text, {"meeting_date": "3 March 2027", "meeting_details": "10am"}, "x") == \
        "On 3 March 2027 (10am)."


def test_the_sandbox_refuses_to_reach_python() -> None:
    with pytest.raises(Exception, match=r"unsafe|not safely|access"):
        render("{{ child_name.__class__.__mro__ }}", {"child_name": "Zoë"}, "x")


def test_wording_is_laid_out_as_headings_paragraphs_and_bullets() -> None:
    text = ("Dear Ms Shah\n\nFirst line\ncarries on.\n\n## What next\n- one\n  more\n- two\n"
            "After.")
    assert parts(text) == [Part("paragraph", ("Dear Ms Shah",)),
                           Part("paragraph", ("First line carries on.",)),
                           Part("heading", ("What next",)),
                           Part("bullets", ("one more", "two")),
                           Part("paragraph", ("After.",))]
