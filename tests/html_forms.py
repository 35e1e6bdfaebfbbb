"""Forms as a browser would send them, read from a page's HTML (for tests with Django's client)."""

import html
import re


def form_fields(page: str) -> dict:
    """Every input, textarea and selected option of the page by name, with checkboxes left unticked."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(value.strip())
    for name, value in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected', page, re.S
    ):
        fields[name] = value
    return fields
