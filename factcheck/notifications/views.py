"""/account/notifications/: a member's notifications (the bell leads here), opening one, marking them
read, and what they want to be told of and how. A member sees and changes only their own."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from factcheck.models import Notification, NotificationChannel
from factcheck.notifications import selectors, services
from factcheck.notifications.kinds import kinds_all


@login_required
def notification_list(request):
    """The member's latest notifications, unread first marked."""
    return render(
        request,
        "factcheck/notifications/list.html",
        {"notifications": selectors.notification_list(member=request.user)},
    )


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and follow its link (its list when it has none)."""
    try:
        notification = services.notification_open(member=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404(_("You have no such notification.")) from None
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read(request):
    """Mark every notification of the member read."""
    count = services.notifications_mark_all_read(member=request.user)
    if count:
        messages.success(request, _("Marked all as read."))
    return redirect("notifications")


class NotificationSettingsForm(forms.Form):
    is_digest = forms.BooleanField(
        required=False,
        label=gettext_lazy("Daily digest"),
        help_text=gettext_lazy(
            "One email a day with everything new, instead of an email for each notification."
        ),
    )

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_all()
        for kind in self.kinds:
            self.fields[f"kind_{kind.name}"] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=NotificationChannel.choices,
                initial=channels.get(kind.name, kind.default),
                widget=forms.RadioSelect,
            )

    def kind_fields(self):
        return [self[f"kind_{kind.name}"] for kind in self.kinds]

    def channels(self) -> dict[str, str]:
        return {kind.name: self.cleaned_data[f"kind_{kind.name}"] for kind in self.kinds}


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """What the member is told of, and how (in the app, by email too, or not at all), and the digest."""
    channels, is_digest = selectors.notification_settings_get(member=request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, channels=channels)
        if form.is_valid():
            try:
                services.notification_settings_update(
                    member=request.user, channels=form.channels(), is_digest=form.cleaned_data["is_digest"]
                )
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(f"kind_{name}" if f"kind_{name}" in form.fields else None, problems)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notification-settings")
    else:
        form = NotificationSettingsForm(initial={"is_digest": is_digest}, channels=channels)
    return render(
        request,
        "factcheck/notifications/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
