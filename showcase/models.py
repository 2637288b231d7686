"""The showcase: projects shown to the public, their credited team, consents, awards,
interest messages from visitors, and the final event.

A project belongs to the hub it came from (``ScopedManager(hub="hub")``); the public pages
cross hubs on purpose and go through :func:`showcase.queries.public_projects`, which only
returns published projects whose every credited member has consented.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_scopes import ScopedManager

from creaconnect.accounts.choices import Discipline
from creaconnect.core.storage import image_filename, public_storage

# The wording a member agrees to; bump the version when the text changes (stored per consent).
CONSENT_TEXT_VERSION = "2026-11"

# Project slugs that would shadow the showcase's own pages.
RESERVED_SLUGS = {"event", "feed", "export", "consents", "new", "api", "search"}


class Theme(models.TextChoices):
    CLIMATE = "climate", _("Climate and circular design")
    INCLUSION = "inclusion", _("Social inclusion")
    URBAN = "urban", _("Regeneration of urban spaces")
    HERITAGE = "heritage", _("Digital creativity and heritage")
    BUSINESS = "business", _("Sustainable creative business models")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")
    SCALING = "scaling", _("Scaling")


class LookingFor(models.TextChoices):
    PARTNERS = "partners", _("Partners")
    VENUES = "venues", _("Venues")
    FUNDING = "funding", _("Funding")
    MENTORING = "mentoring", _("Mentoring")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SearchVector(Func):
    """``showcase_search_vector(title, tagline, story)``: an IMMUTABLE SQL function (see
    migration 0001) that unaccents and weights the text, so it can feed a generated column."""

    function = "showcase_search_vector"
    output_field = SearchVectorField()


class SearchVectorV2(Func):
    """``showcase_search_vector_v2(title, tagline, story, search_text)`` (migration 0005): the
    unaccented, weighted text once per text search configuration (stemming per language);
    ``search_text`` carries the theme, tags, hub, city, source and challenge (see
    :mod:`showcase.search`)."""

    function = "showcase_search_vector_v2"
    output_field = SearchVectorField()


def cover_path(instance, filename):
    return f"showcase/covers/{image_filename(filename)}"


def gallery_path(instance, filename):
    return f"showcase/gallery/{image_filename(filename)}"


class ShowcaseProject(models.Model):
    hub = models.ForeignKey("hubs.Hub", verbose_name=_("originating hub"),
                            on_delete=models.PROTECT, related_name="showcase_projects")
    title = models.CharField(_("title"), max_length=140)
    slug = models.SlugField(_("web address"), max_length=80, unique=True,
                            help_text=_("Lower-case letters, digits and hyphens."))
    tagline = models.CharField(_("tagline"), max_length=200)
    story = models.TextField(_("story"), blank=True,
                             help_text=_("Paragraphs of text; simple HTML (bold, lists, links) "
                                         "is kept, everything else is removed."))
    cover = models.ImageField(_("cover image"), upload_to=cover_path, storage=public_storage,
                              blank=True)
    cover_card = models.ImageField(upload_to=cover_path, storage=public_storage, blank=True,
                                   editable=False)
    cover_alt = models.CharField(_("cover description"), max_length=200, blank=True,
                                 help_text=_("What the image shows, for people who cannot "
                                             "see it."))
    video_url = models.URLField(_("video link"), blank=True)
    website = models.URLField(_("website"), blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    disciplines = ArrayField(models.CharField(max_length=30, choices=Discipline.choices),
                             verbose_name=_("disciplines"), default=list, blank=True)
    countries = ArrayField(models.CharField(max_length=2), verbose_name=_("countries"),
                           default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices,
                             default=Stage.IDEA)
    looking_for = ArrayField(models.CharField(max_length=20, choices=LookingFor.choices),
                             verbose_name=_("looking for"), default=list, blank=True)
    # Where it came from: the hackathon team (and its submission) or the cohort membership it
    # grew from. SET_NULL: erasing a person or a team keeps the project and its label.
    from_team = models.ForeignKey("hackathons.Team", verbose_name=_("hackathon team"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="showcase_projects")
    from_submission = models.ForeignKey("hackathons.Submission",
                                        verbose_name=_("hackathon submission"), null=True,
                                        blank=True, on_delete=models.SET_NULL,
                                        related_name="showcase_projects")
    from_cohort_member = models.ForeignKey("programme.CohortMember",
                                           verbose_name=_("cohort membership"), null=True,
                                           blank=True, on_delete=models.SET_NULL,
                                           related_name="showcase_projects")
    source_label = models.CharField(_("source"), max_length=200, blank=True,
                                    help_text=_("The hackathon or cohort, as shown to "
                                                "visitors."))
    state = models.CharField(_("state"), max_length=20, choices=ProjectState.choices,
                             default=ProjectState.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = models.GeneratedField(
        expression=SearchVectorV2(F("title"), F("tagline"), F("story"), F("search_text")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    # Written by the team: the texts a visitor reads on the project's page.
    TRANSLATABLE_FIELDS = ("title", "tagline", "story")

    objects = ScopedManager(hub="hub")

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("showcase project")
        verbose_name_plural = _("showcase projects")
        indexes = [
            GinIndex(fields=["search_vector"], name="showcase_search_gin"),
            GinIndex(fields=["countries"], name="showcase_countries_gin"),
            GinIndex(fields=["looking_for"], name="showcase_looking_for_gin"),
            models.Index(fields=["state", "-published_at"], name="showcase_state_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(state=ProjectState.PUBLISHED)
                           | models.Q(published_at__isnull=False)),
                name="showcase_published_has_date"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Refreshes ``search_text`` (theme, tags, hub, city, source, challenge) unless the
        save is limited to fields the search does not read."""
        from .search import SEARCH_FIELDS, search_text_for

        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCH_FIELDS & set(update_fields):
            self.search_text = search_text_for(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("showcase:project", kwargs={"slug": self.slug})

    def get_console_url(self):
        return reverse("showcase_console:detail",
                       kwargs={"hub_slug": self.hub.slug, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.state == ProjectState.PUBLISHED

    def get_looking_for_display(self) -> list[str]:
        labels = dict(LookingFor.choices)
        return [labels.get(v, v) for v in self.looking_for]

    def get_countries_display(self) -> list[str]:
        names = dict(countries)
        return [str(names.get(code, code)) for code in self.countries]

    def get_disciplines_display(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [labels.get(v, v) for v in self.disciplines]


class ConsentState(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not asked yet")
    PENDING = "pending", _("Waiting for an answer")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CreditedMember(models.Model):
    """A person credited on a project. Their consent is needed for publication; they may
    hide their name from the public team list at any time."""

    project = models.ForeignKey(ShowcaseProject, on_delete=models.CASCADE,
                                related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="showcase_credits")
    display_name = models.CharField(_("credited as"), max_length=120)
    role = models.CharField(_("role in the team"), max_length=120, blank=True)
    hidden = models.BooleanField(_("hide my name on the public page"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    consent = models.CharField(_("consent"), max_length=20, choices=ConsentState.choices,
                               default=ConsentState.NOT_ASKED)
    consent_at = models.DateTimeField(_("answered"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)

    objects = ScopedManager(hub="project__hub")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "user"],
                                               name="showcase_member_once_per_project")]
        verbose_name = _("credited member")
        verbose_name_plural = _("credited members")

    def __str__(self):
        return f"{self.display_name} · {self.project}"

    def get_consent_url(self):
        return reverse("showcase:consent", kwargs={"pk": self.pk})


class ConsentRecord(models.Model):
    """Append-only history of a member's answers: what they said, when, to which text."""

    member = models.ForeignKey(CreditedMember, on_delete=models.CASCADE,
                               related_name="consent_records")
    decision = models.CharField(_("decision"), max_length=20, choices=ConsentState.choices)
    text_version = models.CharField(_("consent text version"), max_length=20)
    created = models.DateTimeField(_("time"), default=timezone.now)

    objects = ScopedManager(hub="member__project__hub")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.member}: {self.decision} ({self.text_version})"


class GalleryImage(models.Model):
    project = models.ForeignKey(ShowcaseProject, on_delete=models.CASCADE,
                                related_name="images")
    image = models.ImageField(_("image"), upload_to=gallery_path, storage=public_storage)
    thumb = models.ImageField(upload_to=gallery_path, storage=public_storage, editable=False)
    alt = models.CharField(_("description"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(hub="project__hub")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")

    def __str__(self):
        return self.alt or self.image.name


class Award(models.Model):
    project = models.ForeignKey(ShowcaseProject, on_delete=models.CASCADE,
                                related_name="awards")
    title = models.CharField(_("award"), max_length=160)
    given_by = models.CharField(_("given by"), max_length=160, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    objects = ScopedManager(hub="project__hub")

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return self.title


class InterestKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    VENUE = "venue", _("Hosting or venue")
    FUNDING = "funding", _("Funding or investment")
    MENTORING = "mentoring", _("Mentoring or expertise")
    PRESS = "press", _("Press")
    OTHER = "other", _("Something else")


class InterestMessage(models.Model):
    """A visitor's message to a team, delivered to the credited members as notifications."""

    project = models.ForeignKey(ShowcaseProject, on_delete=models.CASCADE,
                                related_name="interest_messages")
    name = models.CharField(_("your name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    email = models.EmailField(_("your e-mail address"))
    kind = models.CharField(_("kind of interest"), max_length=20,
                            choices=InterestKind.choices)
    message = models.TextField(_("message"), max_length=4000)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(hub="project__hub")

    class Meta:
        ordering = ["-created"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")

    def __str__(self):
        return f"{self.name} → {self.project}"


class ShowcaseEvent(models.Model):
    """The programme's final event (programme-wide, so not hub-scoped)."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(unique=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=160)
    address = models.CharField(_("address"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120)
    description = models.TextField(_("description"))
    outcomes = models.TextField(_("outcomes"), blank=True,
                                help_text=_("Shown once the event is over."))
    projects = models.ManyToManyField(ShowcaseProject, blank=True, related_name="events",
                                      verbose_name=_("projects presented"))

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("showcase event")
        verbose_name_plural = _("showcase events")

    def __str__(self):
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class AgendaItem(models.Model):
    event = models.ForeignKey(ShowcaseEvent, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    speakers = models.CharField(_("speakers"), max_length=250, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title
