"""How names are cut into search tokens: the same rules as Lucene's CJK analyzer that Neo4j uses.

Han characters form overlapping bigrams (an isolated one stays a unigram); Latin letters and
digits form lower-cased words; English stop words leave a gap. A query matches a name when its
tokens occur in the name at the same relative positions (a phrase match), which for Chinese
means the fragment occurs in the name.
"""

import re

# Lucene's default English stop words (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET).
ENGLISH_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with".split()
)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ALNUM = rf"(?:(?![{_HAN}])[^\W_])+"
_PIECES = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<word>{_ALNUM}(?:['.]{_ALNUM})*)")


def tokens(text: str) -> list[tuple[int, str]]:
    """(position, token) pairs of a text, as the CJK analyzer would index it."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _PIECES.finditer(text.lower()):
        if m.group("han"):
            run = m.group("han")
            grams = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
            for gram in grams:
                out.append((pos, gram))
                pos += 1
        else:
            word = m.group("word")
            if word not in ENGLISH_STOP_WORDS:
                out.append((pos, word))
            pos += 1
    return out


def phrase_matches(query: list[tuple[int, str]], field: str) -> bool:
    """Whether the query tokens occur in `field` at the same relative positions."""
    if not query:
        return False
    # Every token is a piece of the lower-cased text, so a token missing from it rules the field out
    # without tokenising it: a scan of every name then costs substring checks, mostly.
    lowered = field.lower()
    if any(tok not in lowered for _, tok in query):
        return False
    doc = tokens(field)
    at: dict[str, set[int]] = {}
    for pos, tok in doc:
        at.setdefault(tok, set()).add(pos)
    first_pos, first_tok = query[0]
    for start in at.get(first_tok, ()):
        offset = start - first_pos
        if all(offset + p in at.get(t, ()) for p, t in query[1:]):
            return True
    return False


def lucene_phrase(text: str) -> str | None:
    """The Lucene query for a search text: one quoted phrase, or None if it has no tokens."""
    if not tokens(text):
        return None
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def single_han(text: str) -> bool:
    """Whether a search text is one Chinese character: the CJK analyzer's bigrams cannot find it, so it is looked
    for in Chinese names directly."""
    return re.fullmatch(rf"[{_HAN}]", text.strip()) is not None
