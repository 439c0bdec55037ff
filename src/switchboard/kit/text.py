"""Free text as the stores can keep it."""


def storable(text: str) -> str:
    """``text`` stripped, refused (ValueError) when a store cannot keep it: PostgreSQL refuses
    NUL in text, and neither store can encode half of a surrogate pair (JSON's ``\\u`` escapes
    can write one).

    >>> storable("  fine  ")
    'fine'
    """
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return text.strip()
