"""Cohort-side contributions (dashboard, mentor space, console tabs, report kinds)."""
