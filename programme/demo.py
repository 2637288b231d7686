"""Programme demo data: calls and applications first, then cohorts' life on top of them."""

from . import demo_calls, demo_cohorts


def seed(log):
    demo_calls.seed(log)
    demo_cohorts.seed(log)
