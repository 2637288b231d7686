"""Cohorts: the people a call selected, their training, mentoring, milestones and
certificates. It may read the calls sub-package (a membership comes from an application);
the other direction is forbidden by an import contract.
"""
