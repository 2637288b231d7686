"""People: the user (e-mail login), their profile and their recorded consents."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from creaconnect.core.storage import image_filename, public_storage, random_filename

from .choices import ConsentKind, Discipline, Gender, SpokenLanguage


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_programme_admin=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Roles come from relations, except the consortium flag."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    is_programme_admin = models.BooleanField(
        _("programme admin"),
        default=False,
        help_text=_("Consortium staff: sees every hub, runs hackathons, showcase and reports."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.display_name or self.email.split("@")[0]

    @property
    def name(self) -> str:
        return str(self)


def avatar_path(instance, filename):
    return f"avatars/{instance.user_id}/{image_filename(filename)}"


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    disciplines = ArrayField(
        models.CharField(max_length=30, choices=Discipline.choices),
        verbose_name=_("disciplines"),
        default=list,
        blank=True,
    )
    skills = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("skills"),
        default=list,
        blank=True,
        help_text=_("Comma-separated, for example: prototyping, video editing, fundraising."),
    )
    languages = ArrayField(
        models.CharField(max_length=10, choices=SpokenLanguage.choices),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    # Optional, and used in anonymous statistics only with the demographics consent.
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Optional. Used only in anonymous statistics, with your consent."))
    fewer_opportunities = models.BooleanField(
        _("I face obstacles that give me fewer opportunities"), null=True, blank=True,
        help_text=_("Optional: for example disability, health, economic, social or "
                    "geographical obstacles. Used only in anonymous statistics, with your "
                    "consent."))
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, storage=public_storage,
                               blank=True)
    # An IANA name (creaconnect.accounts.timezones); empty: taken from the country.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True,
        help_text=_("E-mails, calendar invitations and booking pages show times in it."))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def completeness(self) -> int:
        """Share of the profile filled in, as a percentage, for the progress bar."""
        fields = [self.country, self.city, self.organisation, self.disciplines, self.skills,
                  self.languages, self.bio, self.avatar]
        return round(100 * sum(1 for f in fields if f) / len(fields))


class ConsentRecord(models.Model):
    """A consent given (and maybe later withdrawn), with the version of the text consented to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent"), max_length=20, choices=ConsentKind.choices)
    version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.user} {self.kind} {self.version}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def export_path(instance, filename):
    """Private storage; the name carries a random part (it must not be guessable)."""
    return f"exports/{instance.user_id}/{random_filename(filename)}"


class DataExport(models.Model):
    """A zip of everything the platform holds about one person, built by a Celery task.

    Only its owner may download it; the retention job deletes it after
    ``RETENTION_DATA_EXPORT_DAYS`` days.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices,
                             default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")

    def __str__(self):
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.RUNNING)

    @property
    def expires_at(self):
        return self.created + timezone.timedelta(days=settings.RETENTION_DATA_EXPORT_DAYS)


class UserSession(models.Model):
    """Which session keys belong to which user, so every device can be signed out at once.

    A row is written at login (``user_logged_in``) and the user's sessions are deleted at
    logout, at deactivation and by :func:`creaconnect.accounts.services.end_all_sessions`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} {self.created:%Y-%m-%d %H:%M}"
