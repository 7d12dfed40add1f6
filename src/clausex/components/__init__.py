"""spaCy components of clausex; importing this package registers their factories."""

from clausex.components import ner, patterns, segmenter, tokenizer

__all__ = ["ner", "patterns", "segmenter", "tokenizer"]
