"""Percentages are written one way per language, through the ``percent`` filter."""

from django.template import Context, Template
from django.utils import translation


def render(value, language):
    with translation.override(language):
        return Template("{% load cc %}{{ v|percent }}").render(Context({"v": value}))


def test_english_puts_no_space_before_the_sign():
    assert render(67, "en") == "67%"


def test_the_number_is_localised():
    assert render(66.5, "fr").startswith("66,5")
    assert render(66.5, "en").startswith("66.5")


def test_nothing_for_no_value():
    assert render(None, "en") == ""
