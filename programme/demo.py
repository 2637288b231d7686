"""Programme demo data: calls and applications first, then cohorts' life on top of them."""

from .calls import demo as calls_demo
from .calls import demo_review as calls_demo_review
from .cohorts import demo as cohorts_demo
from .cohorts import demo_office_hours


def seed(log):
    calls_demo.seed(log)
    calls_demo_review.seed(log)
    cohorts_demo.seed(log)
    demo_office_hours.seed(log)
