"""Forms for evidence and rebuttals: they parse what was typed; evidence.services decides and writes."""

from django import forms

from claims.web.forms import DeskForm
from evidence.models import EvidenceKind, RebuttalKind, SourceKind, Stance

DATE = {"type": "date"}


class EvidenceForm(DeskForm):
    """A piece of evidence. The source is named; evidence.services finds or creates it."""

    stance = forms.ChoiceField(label="Stance", choices=Stance.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=300)
    kind = forms.ChoiceField(label="Kind", choices=EvidenceKind.choices, initial=EvidenceKind.DOCUMENT)
    url = forms.URLField(label="Link", max_length=2000, required=False, assume_scheme="https")
    offline_reference = forms.CharField(
        label="Offline reference",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where to find it when there is no link: an archive, a document number, a phone call.",
    )
    source_name = forms.CharField(
        label="Source",
        max_length=200,
        required=False,
        help_text="Who published it",
        widget=forms.TextInput(attrs={"list": "source-suggestions", "autocomplete": "off"}),
    )
    source_kind = forms.ChoiceField(
        label="Kind of source", choices=SourceKind.choices, initial=SourceKind.OTHER
    )
    excerpt = forms.CharField(label="Excerpt", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    published_on = forms.DateField(label="Published on", required=False, widget=forms.DateInput(attrs=DATE))
    is_withheld = forms.BooleanField(
        label="Withhold the source from the public (someone's safety is at stake)", required=False
    )

    @staticmethod
    def initial_for(evidence) -> dict:
        return {
            "stance": evidence.stance,
            "title": evidence.title,
            "kind": evidence.kind,
            "url": evidence.url,
            "offline_reference": evidence.offline_reference,
            "source_name": evidence.source.name if evidence.source else "",
            "source_kind": evidence.source.kind if evidence.source else SourceKind.OTHER,
            "excerpt": evidence.excerpt,
            "published_on": evidence.published_on,
            "is_withheld": evidence.is_withheld,
        }

    def evidence_fields(self) -> dict:
        """The fields evidence.services takes (the source is resolved by the view through a service)."""
        data = dict(self.cleaned_data)
        data.pop("source_name")
        data.pop("source_kind")
        data.pop("updated_at", None)
        return data


class RebuttalForm(DeskForm):
    """A response by an identified party."""

    party = forms.CharField(label="Who answered", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=RebuttalKind.choices, initial=RebuttalKind.DENIAL)
    statement = forms.CharField(label="What they said", widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label="Where (link)", max_length=2000, required=False, assume_scheme="https")
    stated_on = forms.DateField(label="Said on", required=False, widget=forms.DateInput(attrs=DATE))

    @staticmethod
    def initial_for(rebuttal) -> dict:
        return {
            "party": rebuttal.party,
            "kind": rebuttal.kind,
            "statement": rebuttal.statement,
            "url": rebuttal.url,
            "stated_on": rebuttal.stated_on,
        }

    def rebuttal_fields(self) -> dict:
        """The fields evidence.services takes."""
        data = dict(self.cleaned_data)
        data.pop("updated_at", None)
        return data


class StartedFrom(forms.Form):
    """An edit form's `updated_at`: the version the editor started from, so that a change someone else
    saved meanwhile is not silently overwritten (the service raises a `stale_…` Conflict).

    Optional: a form opened before edits carried their version still saves, unchecked. A value that
    cannot be read is said above the form (DeskForm)."""

    updated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def started_from(self):
        return self.cleaned_data.get("updated_at")

    @staticmethod
    def version_of(item) -> dict:
        return {"updated_at": item.updated_at.isoformat()}


class EvidenceEditForm(EvidenceForm, StartedFrom):
    """Edit a piece of evidence, from the version the editor started from."""

    @staticmethod
    def initial_for(evidence) -> dict:
        return EvidenceForm.initial_for(evidence) | StartedFrom.version_of(evidence)


class RebuttalEditForm(RebuttalForm, StartedFrom):
    """Edit a rebuttal, from the version the editor started from."""

    @staticmethod
    def initial_for(rebuttal) -> dict:
        return RebuttalForm.initial_for(rebuttal) | StartedFrom.version_of(rebuttal)
