import pytest
from django.db import models

from creaconnect.core.states import IllegalMove, StateMachine


class Colour(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    DONE = "done", "Done"


MACHINE = StateMachine(Colour, {Colour.RED: {Colour.GREEN}, Colour.GREEN: {Colour.RED, Colour.DONE},
                                Colour.DONE: set()})


def test_allowed_moves_follow_the_table():
    assert MACHINE.allowed(Colour.RED) == {Colour.GREEN}
    assert MACHINE.can(Colour.GREEN, Colour.DONE)
    assert not MACHINE.can(Colour.RED, Colour.DONE)
    assert MACHINE.final() == {Colour.DONE}


def test_illegal_move_says_which_move_in_words():
    with pytest.raises(IllegalMove, match="“Red” cannot become “Done”"):
        MACHINE.check(Colour.RED, Colour.DONE)


def test_a_table_missing_a_state_or_naming_an_unknown_one_is_refused_at_import():
    with pytest.raises(ValueError, match="no row"):
        StateMachine(Colour, {Colour.RED: set()})
    with pytest.raises(ValueError, match="unknown targets"):
        StateMachine(Colour, {Colour.RED: {"blue"}, Colour.GREEN: set(), Colour.DONE: set()})
