"""How well an expert fits an item: expertise tags and text, combined with stated weights.

    affinity = TAG_WEIGHT × tag similarity + TEXT_WEIGHT × text similarity      (0 … 1)

* **Tags.** Each tag is folded (accents removed, lower case, ``-``/``_``/spaces collapsed), so
  "Économie circulaire", "economie-circulaire" and "ECONOMIE CIRCULAIRE" are one tag. The tag
  similarity is the Jaccard index of the expert's and the item's tag sets, ``|A ∩ B| / |A ∪ B|``
  (0 when either side has no tag).
* **Text.** The expert's text (expertise tags and bio) and the item's text (title, summary,
  description, tags) are folded the same way and turned into TF-IDF vectors by scikit-learn,
  fitted on all the experts' and items' texts of the run together (no model is downloaded, so
  it works on any language written in words; sublinear term frequency, so one word repeated
  does not dominate). The text similarity is the cosine of the two vectors.
* **Weights.** Tags are what an expert says they know; text catches what tags miss. Both count
  half by default; a caller may pass other weights (they are scaled to sum to one).

Pure functions on plain values: a feature builds :class:`Profile` objects from its rows.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

#: Share of the affinity that comes from shared expertise tags.
TAG_WEIGHT = 0.5
#: Share of the affinity that comes from the TF-IDF cosine of the texts.
TEXT_WEIGHT = 0.5

_SEPARATORS = re.compile(r"[\s_\-/]+")
#: A word for TF-IDF: two or more letters or digits, in any script.
WORD_PATTERN = r"(?u)\b\w\w+\b"


def fold(text: str) -> str:
    """Lower case without accents (NFKD, combining marks dropped), whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def normalise_tag(tag: str) -> str:
    """One spelling per tag: folded, with hyphens, underscores and slashes read as spaces."""
    return " ".join(_SEPARATORS.sub(" ", fold(tag)).split())


def tag_set(tags: Iterable[str]) -> frozenset[str]:
    return frozenset(t for t in (normalise_tag(tag) for tag in tags or ()) if t)


@dataclass(frozen=True)
class Profile:
    """An expert or an item as the engine sees it: an id, tags and free text."""

    id: object
    tags: Sequence[str] = ()
    text: str = ""
    folded_tags: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "folded_tags", tag_set(self.tags))

    @property
    def document(self) -> str:
        """The text TF-IDF reads: the tags (as words) and the free text."""
        return " ".join([*sorted(self.folded_tags), fold(self.text)])


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class AffinityMatrix:
    """Affinities of ``experts`` (rows) to ``items`` (columns), with the two parts kept so a
    page can say why a pair scored what it did."""

    experts: list[Profile]
    items: list[Profile]
    tags: np.ndarray
    text: np.ndarray
    tag_weight: float
    text_weight: float

    @property
    def combined(self) -> np.ndarray:
        return self.tag_weight * self.tags + self.text_weight * self.text

    def shared_tags(self, expert_index: int, item_index: int) -> list[str]:
        """The folded tags both sides carry, sorted (what the page shows as the reason)."""
        return sorted(self.experts[expert_index].folded_tags
                      & self.items[item_index].folded_tags)


def text_similarity(experts: Sequence[Profile], items: Sequence[Profile]) -> np.ndarray:
    """Cosine of TF-IDF vectors, experts × items; zeros when no text has a word in it."""
    docs = [e.document for e in experts] + [i.document for i in items]
    vectoriser = TfidfVectorizer(lowercase=False, sublinear_tf=True, norm="l2",
                                 token_pattern=WORD_PATTERN)
    try:
        matrix = vectoriser.fit_transform(docs)
    except ValueError:  # "empty vocabulary": nobody wrote a word of two letters or more
        return np.zeros((len(experts), len(items)))
    n = len(experts)
    # Rows are L2-normalised, so the dot product is the cosine.
    cosine = (matrix[:n] @ matrix[n:].T).toarray()
    return np.clip(cosine, 0.0, 1.0)


def affinity_matrix(experts: Sequence[Profile], items: Sequence[Profile], *,
                    tag_weight: float = TAG_WEIGHT,
                    text_weight: float = TEXT_WEIGHT) -> AffinityMatrix:
    """Affinity of every expert to every item (see the module text for the rule).

    The weights are scaled to sum to one, so the affinity stays within 0 … 1. No side effect.
    """
    if tag_weight < 0 or text_weight < 0 or tag_weight + text_weight == 0:
        raise ValueError("tag_weight and text_weight must be ≥ 0 and not both 0")
    experts, items = list(experts), list(items)
    tags = np.array([[jaccard(e.folded_tags, i.folded_tags) for i in items] for e in experts],
                    dtype=float).reshape(len(experts), len(items))
    if experts and items:
        text = text_similarity(experts, items)
    else:
        text = np.zeros((len(experts), len(items)))
    total = tag_weight + text_weight
    return AffinityMatrix(experts=experts, items=items, tags=tags, text=text,
                          tag_weight=tag_weight / total, text_weight=text_weight / total)
