"""A call's translations: the checklist of its texts (the call, its form questions, its
review criteria) by language, and the page that translates one of them."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from creaconnect.core.i18n_views import checklist_page, item_within, translate_item_page

from ..models import Call, Criterion, Question
from .console_calls import HubCallMixin

KINDS = {"call": Call, "question": Question, "criterion": Criterion}


class CallTranslationsMixin(HubCallMixin):
    def checklist_url(self, call) -> str:
        return reverse("programme_console:call_translations",
                       kwargs={"hub_slug": self.request.hub.slug, "call_pk": call.pk})

    def item_url(self, call, kind: str, obj) -> str:
        return reverse("programme_console:call_translate",
                       kwargs={"hub_slug": self.request.hub.slug, "call_pk": call.pk,
                               "kind": kind, "pk": obj.pk})


class CallTranslationsView(CallTranslationsMixin, View):
    def get(self, request, **kwargs):
        call = self.get_call()
        items = [(_("Call"), call, self.item_url(call, "call", call))]
        items += [(_("Form question"), q, self.item_url(call, "question", q))
                  for q in call.questions.all()]
        items += [(_("Review criterion"), c, self.item_url(call, "criterion", c))
                  for c in call.criteria.all()]
        return checklist_page(request, subject=call, items=items, extra={"call": call},
                              back_url=reverse("programme_console:call_edit",
                                               kwargs={"hub_slug": request.hub.slug,
                                                       "call_pk": call.pk}),
                              tabs="programme/console/_call_tabs.html")


class CallTranslateItemView(CallTranslationsMixin, View):
    """One text of the call (``kind`` ∈ call, question, criterion), found within the call."""

    def get(self, request, **kwargs):
        return self.page(request)

    def post(self, request, **kwargs):
        return self.page(request)

    def page(self, request):
        call = self.get_call()
        obj = item_within(call, kinds=KINDS, kind=self.kwargs["kind"], pk=self.kwargs["pk"])
        return translate_item_page(request, obj=obj, subject=call,
                                   back_url=self.checklist_url(call))
