"""Whole numbers typed as text (query parameters, headers, form fields, environment variables)."""


def is_whole_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes "²" (which int() refuses, a 500) and "٣" (which
    int() reads as 3, a silent surprise)."""
    return text.isascii() and text.isdigit()
