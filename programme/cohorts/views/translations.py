"""A cohort's translations: the checklist of its training sessions and milestones by
language, and the page that translates one of them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from creaconnect.core.i18n_views import checklist_page, item_within, translate_item_page

from ..models import Milestone, TrainingSession
from .cohorts import ConsoleView

KINDS = {"session": TrainingSession, "milestone": Milestone}


class CohortTranslationsMixin:
    def checklist_url(self, cohort) -> str:
        return reverse("programme_console:cohort_translations",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": cohort.pk})

    def item_url(self, cohort, kind: str, obj) -> str:
        return reverse("programme_console:cohort_translate",
                       kwargs={"hub_slug": self.request.hub.slug, "pk": cohort.pk,
                               "kind": kind, "item": obj.pk})


class CohortTranslationsView(CohortTranslationsMixin, ConsoleView):
    def get(self, request, pk, **kwargs):
        cohort = self.get_cohort(pk)
        items = [(_("Training session"), s, self.item_url(cohort, "session", s))
                 for s in cohort.sessions.order_by("starts_at", "pk")]
        items += [(_("Milestone"), m, self.item_url(cohort, "milestone", m))
                  for m in cohort.milestones.order_by("order", "due_on", "pk")]
        return checklist_page(request, subject=cohort, items=items, extra={"cohort": cohort},
                              back_url=reverse("programme_console:cohort",
                                               kwargs={"hub_slug": request.hub.slug,
                                                       "pk": cohort.pk}),
                              tabs="programme/cohorts/_console_nav.html")


class CohortTranslateItemView(CohortTranslationsMixin, ConsoleView):
    """One session or milestone of the cohort (``kind``), found within the cohort."""

    def get(self, request, pk, **kwargs):
        return self.page(request, pk)

    def post(self, request, pk, **kwargs):
        return self.page(request, pk)

    def page(self, request, pk):
        cohort = self.get_cohort(pk)
        obj = item_within(cohort, kinds=KINDS, kind=self.kwargs["kind"],
                          pk=self.kwargs["item"])
        return translate_item_page(request, obj=obj, subject=cohort,
                                   back_url=self.checklist_url(cohort))
