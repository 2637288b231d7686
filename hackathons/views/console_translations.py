"""A hackathon's translations: the checklist of its texts (the event, its challenges, its
rubric, its prizes) by language, and the page that translates one of them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from creaconnect.core.i18n_views import checklist_page, item_within, translate_item_page

from ..models import Challenge, Criterion, Hackathon, Prize
from .base import ConsoleView

KINDS = {"hackathon": Hackathon, "challenge": Challenge, "criterion": Criterion,
         "prize": Prize}


class TranslationsMixin:
    def checklist_url(self) -> str:
        return reverse("hackathons_console:translations",
                       kwargs={"hub_slug": self.request.hub.slug, "slug": self.hackathon.slug})

    def item_url(self, kind: str, obj) -> str:
        return reverse("hackathons_console:translate",
                       kwargs={"hub_slug": self.request.hub.slug, "slug": self.hackathon.slug,
                               "kind": kind, "pk": obj.pk})


class TranslationsView(TranslationsMixin, ConsoleView):
    def get(self, request, **kwargs):
        h = self.hackathon
        items = [(_("Hackathon"), h, self.item_url("hackathon", h))]
        items += [(_("Challenge"), c, self.item_url("challenge", c)) for c in h.challenges.all()]
        items += [(_("Rubric criterion"), c, self.item_url("criterion", c))
                  for c in h.criteria.all()]
        items += [(_("Prize"), p, self.item_url("prize", p)) for p in h.prizes.all()]
        return checklist_page(request, subject=h, items=items, back_url=h.get_console_url())


class TranslateItemView(TranslationsMixin, ConsoleView):
    """One text of the hackathon (``kind`` ∈ hackathon, challenge, criterion, prize)."""

    def get(self, request, **kwargs):
        return self.page(request)

    def post(self, request, **kwargs):
        return self.page(request)

    def page(self, request):
        obj = item_within(self.hackathon, kinds=KINDS, kind=self.kwargs["kind"],
                          pk=self.kwargs["pk"])
        return translate_item_page(request, obj=obj, subject=self.hackathon,
                                   back_url=self.checklist_url())
