"""The policy corpus: source documents, their catalogue, rules data and the lexicon.

This package holds data only; `CORPUS_DIR` lets the other packages find it whether the
project runs from a checkout or from an installed wheel.
"""

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
DOCUMENTS_DIR = CORPUS_DIR / "documents"
RULES_DIR = CORPUS_DIR / "rules"
LEXICON_DIR = CORPUS_DIR / "lexicon"
CATALOGUE_PATH = CORPUS_DIR / "catalogue.yaml"
