"""Template filters for the desk: sanitised Markdown and what a member's role lets them use."""

from django import template

from factcheck import roles
from factcheck.safe_markdown import render_markdown

register = template.Library()

_ROLE_GROUPS = {
    "checking": roles.CHECKING_ROLES,
    "writing": roles.WRITING_ROLES,
    "reviewing": roles.REVIEWING_ROLES,
    "editing": roles.EDITING_ROLES,
}


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ verdict.analysis|markdown }}: Markdown rendered and sanitised (headings from <h3>)."""
    return render_markdown(text or "")


@register.filter
def has_role_in(user, group: str) -> bool:
    """{% if user|has_role_in:"writing" %}: whether the member's role is in a group of factcheck.roles."""
    if not getattr(user, "is_authenticated", False):
        return False
    return getattr(user, "role", None) in _ROLE_GROUPS[group]


@register.filter
def http_url(url: str) -> str:
    """The URL when it is http(s), else "" (a link href never runs script, whatever was stored)."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""
