"""Demo cohort life: sessions, attendance, mentoring, milestones, certificates."""


def seed(log):
    pass
