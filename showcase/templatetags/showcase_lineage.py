"""``{% project_lineage project as lineage %}``: where a showcase project grew from (the
hackathon, team and prizes, or the cohort and its hub), read through the owning apps'
query functions (see :func:`showcase.queries.project_lineage`)."""

from django import template

from ..queries import project_lineage as _lineage

register = template.Library()


@register.simple_tag
def project_lineage(project):
    return _lineage(project)
