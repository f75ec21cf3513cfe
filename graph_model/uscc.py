"""The unified social credit code (统一社会信用代码) of GB 32100-2015."""

# The 31 characters of GB 32100: digits and capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_character(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code.

    >>> uscc_check_character("91350100M000100Y4")
    '3'
    """
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str:
    """Return the normalised code, or raise ValueError saying what is wrong with it."""
    code = code.strip().upper()
    if len(code) != 18:
        raise ValueError(f"a unified social credit code has 18 characters, got {len(code)}")
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        raise ValueError(
            f"character {bad[0]!r} is not allowed in a unified social credit code "
            "(digits and capitals except I, O, S, V, Z)"
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValueError(f"check character is {code[17]!r}, expected {expected!r} (GB 32100)")
    return code
