"""Statutory rules for SEND casework: deadline arithmetic and the deadlines themselves.

Pure, Qt-free functions with "today" passed in where it matters. Each rule cites its
regulation; the sources are in send-domain.md §0-§1. `deadlines.RULE_SET` names the law the
rules follow, so a later reform can be brought in as a new rule set.
"""
