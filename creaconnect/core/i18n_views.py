"""The two console pages every feature with hub-written texts shares: the checklist of which
texts lack which language, and the page that fills in one text's translations.

The feature's own views find the objects (inside the hub, with their permission) and call
these; the writing is done by :func:`creaconnect.core.i18n_edit.save_translations`.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .i18n_content import translation_checklist, translations_only_form
from .i18n_edit import save_translations


def checklist_page(request, *, subject, back_url: str, items, tabs: str = "", extra=None):
    """``items``: ``[(group label, object, url of its translate page)]``; ``tabs`` a template
    of the feature's tabs, rendered with ``extra`` in the context."""
    return render(request, "core/translations_checklist.html", {
        "hub": request.hub, "subject": subject, "back_url": back_url, "tabs": tabs,
        "checklist": translation_checklist(items), **(extra or {})})


def item_within(parent, *, kinds: dict, kind: str, pk: int):
    """The text a translate URL names: a ``kinds[kind]`` row with ``pk`` that belongs to
    ``parent`` (by its foreign key named like the parent's model: ``call``, ``hackathon``,
    ``cohort``), or ``parent`` itself when ``kind`` names its model; 404 otherwise."""
    model = kinds.get(kind)
    if model is None:
        raise Http404
    if model is type(parent):
        if pk != parent.pk:
            raise Http404
        return parent
    return get_object_or_404(model, pk=pk, **{parent._meta.model_name: parent})


def translate_item_page(request, *, obj, subject, back_url: str, extra=None):
    """GET shows the original texts and one optional input per language and field; POST
    validates them like the originals and saves them, then goes back to the checklist."""
    form_class = translations_only_form(type(obj))
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=obj)
        if form.is_valid():
            save_translations(obj=obj, translations=form.cleaned_translations,
                              hub=request.hub, actor=request.user)
            messages.success(request, _("The translations are saved."))
            return redirect(back_url)
        status = 422
    else:
        form = form_class(instance=obj)
    originals = [(type(obj)._meta.get_field(f).verbose_name, getattr(obj, f))
                 for f in type(obj).TRANSLATABLE_FIELDS]
    return render(request, "core/translate_item.html", {
        "hub": request.hub, "subject": subject, "back_url": back_url, "item": obj,
        "form": form, "originals": originals, **(extra or {})}, status=status)
