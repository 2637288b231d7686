"""Affinity: tags folded across spellings and languages, TF-IDF text, the stated weights."""

import numpy as np
import pytest

from creaconnect.review.affinity import (
    TAG_WEIGHT,
    TEXT_WEIGHT,
    Profile,
    affinity_matrix,
    fold,
    normalise_tag,
)


def test_tags_fold_accents_case_and_separators():
    assert normalise_tag("Économie-Circulaire") == normalise_tag("economie circulaire")
    assert normalise_tag("  Game_Design ") == "game design"
    assert fold("Žena ČAJ") == "zena caj"


def test_expert_with_the_items_tags_ranks_first():
    experts = [Profile(id="film", tags=["Cinéma", "film"]),
               Profile(id="food", tags=["alimentation"])]
    items = [Profile(id=1, tags=["cinema"], text="A short film about the harbour")]
    m = affinity_matrix(experts, items)
    assert m.combined[0, 0] > m.combined[1, 0]
    assert m.shared_tags(0, 0) == ["cinema"]
    assert m.shared_tags(1, 0) == []


def test_text_similarity_reads_accented_and_plain_words_alike():
    experts = [Profile(id=1, text="Patrimoine culturel et musées numériques"),
               Profile(id=2, text="Robotique agricole")]
    items = [Profile(id=1, text="patrimoine CULTUREL, musees numeriques pour tous")]
    m = affinity_matrix(experts, items, tag_weight=0, text_weight=1)
    assert m.text[0, 0] > 0.5
    assert m.text[1, 0] == 0
    assert np.allclose(m.combined, m.text)


def test_weights_are_scaled_and_tags_alone_are_the_jaccard_index():
    experts = [Profile(id=1, tags=["a1", "b2", "c3"])]
    items = [Profile(id=1, tags=["a1", "b2", "d4"])]
    m = affinity_matrix(experts, items, tag_weight=3, text_weight=0)
    assert m.combined[0, 0] == pytest.approx(2 / 4)
    assert TAG_WEIGHT + TEXT_WEIGHT == pytest.approx(1)
    default = affinity_matrix(experts, items)
    assert 0 <= default.combined[0, 0] <= 1


def test_nothing_written_gives_zero_affinity_not_an_error():
    m = affinity_matrix([Profile(id=1)], [Profile(id=1), Profile(id=2, text="a")])
    assert m.combined.shape == (1, 2)
    assert not m.combined.any()
    assert affinity_matrix([], [Profile(id=1)]).combined.shape == (0, 1)


def test_weights_must_make_sense():
    with pytest.raises(ValueError, match="tag_weight"):
        affinity_matrix([Profile(id=1)], [Profile(id=1)], tag_weight=0, text_weight=0)
