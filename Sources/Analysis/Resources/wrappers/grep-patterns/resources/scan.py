"""A deliberately tiny line-based scanner standing in for a dockerized tool in the example wrapper."""
import json
import re
import sys

PATTERNS = [
    ("Use of tx.origin", re.compile(r"\btx\.origin\b"), "tx.origin is used; it names the original sender, not the caller."),
    ("Self-destruct", re.compile(r"\b(selfdestruct|suicide)\s*\("), "The contract can self-destruct."),
    ("Delegatecall", re.compile(r"\.delegatecall\b"), "delegatecall runs foreign code on this contract's storage."),
]

issues = []
with open(sys.argv[1], encoding="utf-8", errors="replace") as source:
    for number, line in enumerate(source, start=1):
        code = line.split("//", 1)[0]
        for title, pattern, description in PATTERNS:
            if pattern.search(code):
                issues.append({"title": title, "line": number, "description": description})
json.dump(issues, sys.stdout)
