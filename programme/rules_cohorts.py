"""Cohort, training, mentoring and certificate permissions."""
