"""Readable, translated names for the codes stored on registrations and teams."""

from django import template
from django_countries import countries

from creaconnect.accounts.choices import Discipline

from ..services import results

register = template.Library()


@register.filter
def discipline_labels(codes) -> list[str]:
    """``["design", "digital"]`` → ``["Design", "Software and digital technology"]``."""
    labels = dict(Discipline.choices)
    return [str(labels.get(code, code)) for code in codes or []]


@register.filter
def country_names(codes) -> list[str]:
    """``["FR", "IT"]`` → ``["France", "Italy"]`` (in the active language)."""
    return [countries.name(str(code)) or str(code) for code in codes or []]


@register.filter
def readable_score(normalised):
    """A normalised score on the 50 ± 10 scale the public ranking shows."""
    return results.readable_score(normalised)
