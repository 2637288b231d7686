"""Calls: the call itself, its application form builder, applying, review and decisions.

It knows nothing of cohorts (an import contract checks this): a confirmed place becomes a
cohort seat through the hook the cohorts sub-package registers (``place_takers``).
"""
