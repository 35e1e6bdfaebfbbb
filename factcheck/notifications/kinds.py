"""The kinds of notification apps register, each with a label, a description and a default channel."""

from dataclasses import dataclass

from factcheck.models import NotificationChannel


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # translatable (gettext_lazy)
    description: str
    default: str = NotificationChannel.EMAIL


_KINDS: dict[str, Kind] = {}


def kind_register(name: str, label, description="", default: str = NotificationChannel.EMAIL) -> Kind:
    """Declare a kind of notification (call from an AppConfig.ready). Registering it again replaces it."""
    if default not in NotificationChannel.values:
        raise ValueError(f"unknown channel {default!r}")
    kind = Kind(name=name, label=label, description=description, default=default)
    _KINDS[name] = kind
    return kind


def kind_get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown notification kind {name!r}: register it first") from None


def kinds_all() -> list[Kind]:
    return list(_KINDS.values())
