"""Forms of the calls half: the call editor, the form builder, the generated answer forms,
reviews and decisions."""


from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from creaconnect.core.i18n_content import TranslationsFormMixin, localised
from creaconnect.core.uploads import (
    KNOWN_EXTENSIONS,
    NEVER_ACCEPTED,
    PrivateFileInput,
    upload_limit,
    validate_upload,
)

from .models import ApplicationState, Call, Criterion, Question, QuestionKind

ACCEPTABLE_EXTENSIONS = sorted(KNOWN_EXTENSIONS - NEVER_ACCEPTED)
DECISIONS = [
    (ApplicationState.ACCEPTED, _("Accept")),
    (ApplicationState.WAITLISTED, _("Put on the waiting list")),
    (ApplicationState.REJECTED, _("Do not select")),
]


class CallForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Call.TRANSLATABLE_FIELDS

    # Declared here, with its queryset set per hub in __init__: a ModelForm would otherwise
    # build ``Cohort.objects.all()`` at import time, outside any hub scope.
    cohort = forms.ModelChoiceField(label=_("Cohort it selects for"), queryset=None,
                                    required=False)

    class Meta:
        model = Call
        fields = ["title", "slug", "summary", "description", "eligibility", "opens_at",
                  "closes_at", "max_places", "cohort", "languages"]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                            format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                             format="%Y-%m-%dT%H:%M"),
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub = hub
        # Only this hub's cohorts can be chosen (the scope is active; filter anyway). The
        # cohort model is reached through the foreign key: calls does not import cohorts.
        cohort_model = Call._meta.get_field("cohort").related_model
        self.fields["cohort"].queryset = cohort_model.objects.filter(hub=hub)
        # The address is made from the title when left empty (and filled as the title is
        # typed, by static/js/app.js, until someone edits it).
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Part of the call's public address. Left empty, it "
                                          "is made from the title.")
        self.fields["slug"].widget.attrs["data-slug-from"] = "id_title"
        from django.conf import settings

        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages accepted"), choices=settings.LANGUAGES, required=False,
            widget=forms.CheckboxSelectMultiple)

    def clean_slug(self):
        from django.utils.text import slugify

        slug = self.cleaned_data["slug"] or slugify(self.data.get("title", ""))[:50]
        if not slug:
            raise ValidationError(_("Give the call a web address, or a title to make one "
                                    "from."))
        from django_scopes import scopes_disabled

        with scopes_disabled():  # slugs are unique across hubs (public URLs)
            taken = Call.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
        if taken:
            raise ValidationError(_("Another call already uses this address."))
        return slug

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and \
                data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data


class QuestionForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Question.TRANSLATABLE_FIELDS
    choices = forms.CharField(label=_("Choices"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("For choice questions: one option per line."))
    allowed_extensions = forms.CharField(label=_("Allowed file types"), required=False,
                                         help_text=_("For example: pdf, jpg, png"))

    class Meta:
        model = Question
        fields = ["label", "kind", "help_text", "required", "step", "order", "word_limit",
                  "choices", "max_file_mb", "allowed_extensions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A translated empty choice instead of Django's "---------".
        self.fields["kind"].choices = [("", _("Choose…"))] + [
            (value, label) for value, label in self.fields["kind"].choices if value != ""]
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Position within its step; empty puts it last.")
        # Only file questions have a size limit: optional here, the default when empty.
        self.fields["max_file_mb"].required = False
        self.fields["max_file_mb"].help_text = _("For file questions only.")
        self.fields["allowed_extensions"].help_text = _("For file questions only. For example: "
                                                        "pdf, jpg, png")
        if self.instance.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(self.instance.choices)
            self.initial["allowed_extensions"] = ", ".join(self.instance.allowed_extensions)

    def clean_max_file_mb(self):
        return self.cleaned_data.get("max_file_mb") or Question.max_file_mb.field.default

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def clean_choices(self):
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        return [line[:120] for line in lines if line]

    def clean_allowed_extensions(self):
        raw = self.cleaned_data["allowed_extensions"].replace(",", " ").split()
        extensions = list(dict.fromkeys(e.lower().lstrip(".")[:10] for e in raw))
        refused = [e for e in extensions if e not in ACCEPTABLE_EXTENSIONS]
        if refused:
            raise ValidationError(
                _("These file types cannot be accepted: %(refused)s. Choose among: %(types)s.")
                % {"refused": ", ".join(refused), "types": ", ".join(ACCEPTABLE_EXTENSIONS)})
        return extensions

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE) and \
                len(data.get("choices") or []) < 2:
            self.add_error("choices", _("Give at least two options."))
        if kind == QuestionKind.FILE and not data.get("allowed_extensions"):
            data["allowed_extensions"] = ["pdf"]
        if kind and kind != QuestionKind.FILE:
            data["allowed_extensions"] = []
        return data


class CriterionForm(TranslationsFormMixin, forms.ModelForm):
    translatable_fields = Criterion.TRANSLATABLE_FIELDS

    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "scale_max"]


class FileAnswerField(forms.FileField):
    widget = PrivateFileInput

    def __init__(self, *, extensions, max_mb, **kwargs):
        super().__init__(**kwargs)
        self.extensions = extensions
        self.max_bytes = min(max_mb * 1024 * 1024, upload_limit("application"))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            upload = validate_upload(upload, kind="application", extensions=self.extensions,
                                     max_bytes=self.max_bytes)
        return upload


def word_count(text: str) -> int:
    return len(text.split())


def field_for(question: Question) -> forms.Field:
    """A form field that validates an answer to ``question``."""
    help_text = localised(question, "help_text")
    common = {"label": localised(question, "label"), "required": False, "help_text": help_text}
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=300, **common)
    if kind == QuestionKind.LONG_TEXT:
        field = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=20000,
                                **common)
        if question.word_limit:
            limit = question.word_limit

            def check_words(value, limit=limit):
                if word_count(value) > limit:
                    raise ValidationError(
                        _("Please keep to %(limit)s words (you wrote %(count)s).")
                        % {"limit": limit, "count": word_count(value)})

            field.validators.append(check_words)
            field.help_text = (help_text + " " if help_text else "") + \
                str(_("Up to %(limit)s words.") % {"limit": limit})
        return field
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=[(c, c) for c in question.choices],
                                 widget=forms.RadioSelect, **common)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(choices=[(c, c) for c in question.choices],
                                         widget=forms.CheckboxSelectMultiple, **common)
    if kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    if kind == QuestionKind.URL:
        return forms.URLField(max_length=500, assume_scheme="https", **common)
    if kind == QuestionKind.FILE:
        return FileAnswerField(extensions=question.allowed_extensions or ["pdf"],
                               max_mb=question.max_file_mb, **common)
    raise ValueError(f"unknown question kind {kind}")


def answer_form(questions, *, data=None, files=None, initial=None) -> forms.Form:
    """A form with one field per question, named ``q<id>``. Required-ness is checked at
    submission, not at each save, so a draft can be saved half-filled."""
    form = forms.Form(data=data, files=files, initial=initial)
    for question in questions:
        field = field_for(question)
        field.question = question
        form.fields[f"q{question.pk}"] = field
    return form


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the hub team"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.TypedChoiceField(
                label=f"{localised(c, 'name')} (× {float(c.weight):g})",
                help_text=localised(c, "description"), coerce=int,
                choices=[(i, str(i)) for i in range(0, c.scale_max + 1)],
                widget=forms.RadioSelect)
        self.order_fields([f"c{c.pk}" for c in self.criteria])  # scores first, then the comment

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS,
                                 widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the applicant"), widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000, required=False,
        help_text=_("You can use {name}, {project}, {call} and {hub}. You see a preview "
                    "before anything is sent."))


class CoApplicantForm(forms.Form):
    email = forms.EmailField(label=_("Co-applicant's e-mail address"))
