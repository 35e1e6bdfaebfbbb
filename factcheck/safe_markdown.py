"""Markdown (a verdict's analysis) rendered on the server, then sanitised before it reaches a page.

Python-Markdown passes raw HTML through, so its output is never trusted: nh3
keeps only the tags and attributes below and drops the content of <script>
and <style>. Links get rel="noopener noreferrer nofollow"; only http, https
and mailto links survive.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(text: str, *, heading_base: int = 3) -> SafeString:
    """HTML for Markdown `text`, safe to put in a page.

    Headings start at `heading_base` ("# A heading" becomes <h3> by default),
    so an analysis never breaks the order of the page's own headings.
    """
    if not text or not text.strip():
        return mark_safe("")
    html = markdown.markdown(
        text,
        extensions=["fenced_code", "tables", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": heading_base}},
        output_format="html",
    )
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
