"""A whitespace tokenizer for the clausex pipeline.

clausex's stages read characters, not tokens: the Doc is the view on which their spans live.
spaCy's rule-based tokenizer costs more than all clausex stages together (it is the
benchmark's baseline), so the pipeline splits on whitespace only. ``doc.text`` keeps the
input's length, so character offsets agree with the input.

The splitting is spaCy's own ``Tokenizer`` with no prefix, suffix, infix or exception rules:
it splits at whitespace (a single space becomes the token's trailing space, other runs of
whitespace are tokens) in compiled code with a cache of known words, four times faster
than a Python loop over regex matches.

>>> import spacy
>>> doc = WhitespaceTokenizer(spacy.blank("nl").vocab)("€ 1.000,- binnen\\n\\n14  dagen.")
>>> [t.text for t in doc]
['€', '1.000,-', 'binnen', '\\n\\n', '14', ' ', 'dagen.']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from clausex.extract.facts import storable

# Where the tokenizer leaves the text it split: ``Doc.text`` re-joins every token on each
# access, which costs more than a whole clausex stage.
TEXT_KEY = "clausex_text"


class WhitespaceTokenizer:
    """Splits text into whitespace-separated tokens; whitespace runs become tokens."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._split = Tokenizer(vocab)  # no rules: whitespace only

    def __call__(self, text: str) -> Doc:
        # spaCy stores strings as UTF-8; ``storable`` keeps the length, so offsets into the
        # Doc are offsets into the input.
        text = storable(text)
        doc = self._split(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def to_disk(self, path: object, **kwargs: object) -> None:
        """Stateless: nothing to save."""

    def from_disk(self, path: object, **kwargs: object) -> WhitespaceTokenizer:
        """Stateless: nothing to load."""
        return self

    def to_bytes(self, **kwargs: object) -> bytes:
        """Stateless: nothing to save."""
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> WhitespaceTokenizer:
        """Stateless: nothing to load."""
        return self


def doc_text(doc: Doc) -> str:
    """The Doc's text, from the tokenizer's copy when there is one."""
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


@registry.tokenizers("clausex.whitespace_tokenizer.v1")
def create_whitespace_tokenizer() -> Callable[[Language], WhitespaceTokenizer]:
    """Config entry point: ``[nlp.tokenizer] @tokenizers = "clausex.whitespace_tokenizer.v1"``."""

    def make(nlp: Language) -> WhitespaceTokenizer:
        return WhitespaceTokenizer(nlp.vocab)

    return make
