"""The wording each letter starts with, before a lead officer edits it.

Plain English, second person, short sentences (the GOV.UK style guide's advice for letters
to the public). What the law requires each letter to say is in `catalogue`; the appeal,
mediation, disagreement-resolution and advice blocks are added to appealable letters by the
composer, so the letters below do not repeat them. Syntax: see `templates`.
"""

from __future__ import annotations

from caseworker_app.letters.catalogue import Block, LetterKind

K = LetterKind

LETTERS: dict[LetterKind, str] = {
    K.REVIEW_INVITATION: """\
{{ salutation }}

It is time to review {{ child_name }}'s education, health and care (EHC) plan. We would \
like you to come to the annual review meeting on **{{ meeting_date }}**{% if meeting_details %} \
({{ meeting_details }}){% endif %}.

At the meeting we will talk about how {{ child_first_name }} is getting on, whether the \
outcomes in the plan are being met, and whether the plan needs to change.

## What we would like from you
- Your views, and {{ child_first_name }}'s views, wishes and feelings. You can write them \
down, record them, or tell us at the meeting.
- Any reports or letters you would like everyone to see.

We have asked the school or setting, and the professionals who work with \
{{ child_first_name }}, for their advice. Everyone will be sent the advice by \
**{{ advice_due }}**, at least two weeks before the meeting.

If you cannot come on this date, or you need help to take part, please contact us on \
{{ council_phone }} or at {{ council_email }}.
""",
    K.MAINTAIN: """\
{{ salutation }}

Thank you for taking part in {{ child_name }}'s annual review on {{ meeting_date }}.

We have looked at what was said at the meeting and the advice we received. We have decided \
to **keep {{ child_first_name }}'s EHC plan as it is, without changes**. The plan stays in \
place and the support in it continues.

If you disagree with this decision you can appeal. The sections below explain how, and the \
dates that apply.
""",
    K.AMENDMENT_NOTICE: """\
{{ salutation }}

Thank you for taking part in {{ child_name }}'s annual review on {{ meeting_date }}. After the \
review we propose to make changes to {{ child_first_name }}'s EHC plan.

With this letter you will find:
- a list of the changes we propose, showing the words we would remove and add;
- {{ child_first_name }}'s current EHC plan.

## What you can do now
- Tell us what you think of the changes. Please reply by **{{ response_deadline }}** (15 days \
from the date of this letter).
- Ask to meet us to talk about the changes before you reply.

We will send you the final amended plan once we have considered your views.
""",
    K.FINAL_AMENDED_COVER: """\
{{ salutation }}

We enclose {{ child_name }}'s amended EHC plan, issued on **{{ plan_issued }}**. It replaces \
the previous plan. We have also sent it to {{ child_first_name }}'s school or setting and to \
the health services named in it.

Thank you for your views on the changes we proposed. If you disagree with what the plan says \
you can appeal. The sections below explain how.
""",
    K.NOT_AMENDING: """\
{{ salutation }}

We wrote to you proposing changes to {{ child_name }}'s EHC plan. We have thought about your \
views and the advice we received, and we have decided **not to amend the plan**. The current \
plan stays in place.

## Why we made this decision
{{ reasons }}
""",
    K.CONSIDERING_CEASING: """\
{{ salutation }}

We are writing to tell you that we are **considering ending {{ child_name }}'s EHC plan**. \
We have not made a decision yet, and we want to hear from you first.

## Why we are considering this
{{ reasons }}

## What happens next
Please tell us what you think by **{{ response_deadline }}**. We are also asking \
{{ child_first_name }}'s school or college for its views. We will write to you again once we \
have decided.

If you would like to talk about this, please contact us on {{ council_phone }} or at \
{{ council_email }}.
""",
    K.CEASE: """\
{{ salutation }}

We wrote to you to say we were considering ending {{ child_name }}'s EHC plan. We have \
thought about your views and those of {{ child_first_name }}'s school or college, and we \
have decided to **end the plan on {{ cease_date }}**.

## Why we made this decision
{{ reasons }}

If you appeal, the support in the plan continues until the appeal is decided.
""",
    K.ASSESS: """\
{{ salutation }}

Thank you for the request for an education, health and care (EHC) needs assessment for \
{{ child_name }}, received on {{ request_date }}. We have decided **to carry out the \
assessment**.

## What happens next
We will ask for advice from {{ child_first_name }}'s school or setting, an educational \
psychologist, health and social care, and anyone else whose advice we need. We will ask for \
your views and {{ child_first_name }}'s too.

We must tell you by **{{ plan_due }}** whether we will issue an EHC plan.
""",
    K.NOT_ASSESS: """\
{{ salutation }}

Thank you for the request for an education, health and care (EHC) needs assessment for \
{{ child_name }}, received on {{ request_date }}. We have decided **not to carry out the \
assessment**.

## Why we made this decision
{{ reasons }}

You can appeal against this decision. The sections below explain how, and the dates that \
apply.
""",
    K.NOT_ISSUING: """\
{{ salutation }}

We have finished the education, health and care (EHC) needs assessment for {{ child_name }}. \
We have decided **not to issue an EHC plan**.

## Why we made this decision
{{ reasons }}

You can appeal against this decision. The sections below explain how, and the dates that \
apply.
""",
    K.DRAFT_PLAN_COVER: """\
{{ salutation }}

We enclose {{ child_name }}'s **draft** EHC plan, with the advice and information we \
gathered during the assessment.

The draft does not name a school or college yet (section I is blank). This is so you can \
tell us which one you would like.

## What you can do now
- Tell us what you think of the draft. Please reply by **{{ response_deadline }}** (15 days \
from the date of this letter).
- Ask to meet us to talk about the draft.
- Ask for a particular school or college to be named in the plan (see below).

We must issue the final plan by {{ plan_due }}.
""",
    K.FINAL_PLAN_COVER: """\
{{ salutation }}

We enclose {{ child_name }}'s final EHC plan, issued on **{{ plan_issued }}**. We have also \
sent it to {{ child_first_name }}'s school or setting and to the health services named in it.

If you disagree with what the plan says, or with the school or college named in it, you can \
appeal. The sections below explain how.
""",
}

BLOCKS: dict[Block, str] = {
    Block.APPEAL: """\
You can appeal to the First-tier Tribunal (Special Educational Needs and Disability) against \
this decision. The last day to appeal is **{{ appeal_deadline }}**, two months from the date \
of this letter, or one month from the date of a mediation certificate if that is later.

Before you appeal you must contact a mediation adviser (see Mediation, below), unless your \
appeal is only about the school or college named in the plan.
""",
    Block.MEDIATION: """\
- You have the right to mediation: a meeting, led by an independent mediator, to try to \
settle the disagreement with us.
- You need a mediation certificate before you can appeal to the Tribunal, unless your \
appeal is only about the school or college named in the plan. You get one by contacting the \
mediation adviser, even if you decide not to have mediation.
- The mediation adviser is {{ mediation_service }}: {{ mediation_contact }}.
- Please contact them by **{{ mediation_deadline }}** (two months from the date of this \
letter). They will issue a certificate within 3 working days if you do not want mediation.
- If you want mediation, tell us and the mediation adviser which issues you want to \
mediate, and whether you want it to cover health care provision too. We will arrange it \
within 30 days.
- At the council, please contact {{ la_contact }}.
""",
    Block.DISAGREEMENT: """\
You can also ask for disagreement resolution: an independent, confidential way to settle \
disagreements about special educational provision, health or social care. It is free and \
does not affect your right to appeal. Contact {{ disagreement_service }}: \
{{ disagreement_contact }}.
""",
    Block.IAS: """\
{{ ias_service }} gives free, impartial and confidential information, advice and support \
about special educational needs and disabilities: {{ ias_contact }}.
""",
    Block.SETTING_REQUEST: """\
You can ask for a particular school or college to be named in the plan. This can be a \
maintained nursery school, a maintained school, an academy or free school, a further \
education or sixth form college, a non-maintained special school, or an independent school \
or specialist post-16 institution approved under section 41 of the Children and Families \
Act 2014. Information about schools and colleges is in our Local Offer: {{ local_offer }}.
""",
}
