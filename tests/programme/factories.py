"""Moved: the programme factories are in ``programme/factories.py``, re-exported by
``tests.factories``. This module stays only while modules written before the move still
import it; import from ``tests.factories``."""

from tests.factories import (  # noqa: F401  re-exported for modules written before the move
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    CohortMemberFactory,
    CriterionFactory,
    QuestionFactory,
)
