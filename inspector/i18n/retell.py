"""A sentence core stored in the desk's language, told again in another (the report's).

The events, step titles and decision reasons of an inspection are stored in the words the
desk read, so the record stays what the operator saw. An English report of a Chinese
desk must still read in English throughout: every stored text that is one of core's own
phrases (or several joined, such as "decided …; overridden: …") is recognised in either
language, its values recovered, and said again in the report's language. What a person
typed (a note, an override reason, a product name) matches no phrase and stays as typed.
"""

from __future__ import annotations

import re
from functools import cache

from inspector.i18n.phrases import _BOOKS, say

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# How many phrases one stored text may join ("decided X (recommended Y)" + up to 3 suffixes).
_MAX_PARTS = 5
# Texts core joins its phrases with, where no phrase of its own does the joining.
_SEPARATORS = (" — ", "; ", "；")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(English template, regex) for every phrase in every language, most specific first."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for book in _BOOKS.values():
        for english, translated in book.items():
            for form in {english, translated}:
                literal = _PLACEHOLDER.sub("", form)
                if not literal.strip():
                    continue  # a bare "{x}" would match anything a person typed
                regex, seen = "", set()
                for i, part in enumerate(_PLACEHOLDER.split(form)):
                    if i % 2 == 0:
                        regex += re.escape(part)
                    elif part in seen:
                        regex += f"(?P={part})"
                    else:
                        # A value never spans the "; " that joins two phrases.
                        regex += f"(?P<{part}>(?:(?!; |；).)+?)"
                        seen.add(part)
                found.append((english, re.compile(regex, re.DOTALL)))
    # A longer literal first: "Camera {index} ({mode})" before "Camera {index}".
    found.sort(key=lambda p: -len(_PLACEHOLDER.sub("", p[1].pattern)))
    return tuple(found)


@cache
def _starts() -> tuple[str, ...]:
    """How each phrase begins before its first value: where a joined phrase can start."""
    starts = set()
    for book in _BOOKS.values():
        for english, translated in book.items():
            for form in (english, translated):
                literal = _PLACEHOLDER.split(form)[0]
                if literal:
                    starts.add(literal)
    return tuple(starts)


@cache
def _parse(
    text: str, parts_left: int = _MAX_PARTS
) -> tuple[tuple[str, dict[str, str]], ...] | None:
    """The text as a run of core's phrases: ((English template, values), ...), or None."""
    if not text:
        return ()
    if parts_left == 0:
        return None
    for english, pattern in _patterns():
        if m := pattern.fullmatch(text):
            return ((english, m.groupdict()),)
    if parts_left == 1:
        return None
    starts = _starts()
    for end in range(1, len(text)):
        if not text.startswith(starts, end):
            continue
        # A phrase up to here, and more phrases after it (a suffix such as "; note: …").
        for english, pattern in _patterns():
            head = pattern.fullmatch(text, 0, end)
            if head is None:
                continue
            rest = _parse(text[end:], parts_left - 1)
            if rest is not None:
                return ((english, head.groupdict()), *rest)
    return None


def retell(text: str, language: str, decision_word: object = None) -> str:
    """`text` said again in `language` when it is made of core's phrases; else as it is.

    decision_word(language, value): how a stored decision ("reject", "拒收") is to be
    worded in the result (the desk's one word for it); by default as core says it.
    """
    return _retell(text, language, decision_word, 3)


def _retell(text: str, language: str, decision_word: object, depth: int) -> str:
    if not text or depth < 0:
        return text
    parsed = _parse(text)
    if parsed is None:
        for sep in _SEPARATORS:
            if sep in text:
                # Phrases joined by plain punctuation: each part on its own.
                pieces = [_retell(p, language, decision_word, depth - 1) for p in text.split(sep)]
                joined = say(language, "; ") if sep in ("; ", "；") else sep
                return joined.join(pieces)
        return text
    out = []
    for english, values in parsed:
        if english in ("sign", "reject", "dispute", "pending") and callable(decision_word):
            out.append(decision_word(language, english))
            continue
        told = {k: _retell(v, language, decision_word, depth - 1) for k, v in values.items()}
        out.append(say(language, english, **told))
    return "".join(out)
