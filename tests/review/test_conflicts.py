"""Conflict rules as data: declared, member, same hub, same organisation (in that order)."""

from creaconnect.review.conflicts import (
    ConflictReason,
    Item,
    Reviewer,
    conflict_reason,
    find_conflicts,
    normalise_organisation,
)


def test_each_rule_and_its_reason():
    judge = Reviewer(id="j", person_id=7, hub_ids={1}, organisations={"Théâtre  Nord."})
    items = [Item(id="declared", people={9}), Item(id="member", people={7, 8}),
             Item(id="hub", people={5}, hub_ids={1, None}),
             Item(id="org", people={5}, organisations={"theatre nord"}),
             Item(id="clear", people={5}, hub_ids={2}, organisations={"Other"})]
    found = find_conflicts([judge], items, declared={("j", "declared")})
    assert found == {("j", "declared"): ConflictReason.DECLARED,
                     ("j", "member"): ConflictReason.MEMBER,
                     ("j", "hub"): ConflictReason.SAME_HUB,
                     ("j", "org"): ConflictReason.SAME_ORGANISATION}
    assert str(ConflictReason.SAME_HUB.label) == "same hub"


def test_the_first_reason_wins_and_blanks_never_match():
    judge = Reviewer(id="j", person_id=7, hub_ids={None}, organisations={"", "  "})
    item = Item(id="i", people={7}, hub_ids={None}, organisations={""})
    assert conflict_reason(judge, item, {("j", "i")}) == ConflictReason.DECLARED
    assert conflict_reason(judge, item) == ConflictReason.MEMBER
    assert conflict_reason(Reviewer(id="x", hub_ids={None}), Item(id="i", hub_ids={None})) is None
    assert normalise_organisation("  ACME, Inc. ") == "acme inc"


def test_a_reviewers_own_list_of_conflicts_names_teams_and_organisations():
    judge = Reviewer(id="j", declared_text="I mentor the team Blue Loom; ex-employee of ACME "
                                           "GmbH. Also AI.")
    assert conflict_reason(judge, Item(id=1, names={"Blue  Loom"})) == ConflictReason.DECLARED
    assert conflict_reason(judge, Item(id=2, organisations={"Acme GmbH"})) == \
        ConflictReason.DECLARED
    assert conflict_reason(judge, Item(id=3, names={"Loom Works", "AI"})) is None
    assert conflict_reason(Reviewer(id="k"), Item(id=1, names={"Blue Loom"})) is None
