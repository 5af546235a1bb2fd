"""Per-document structure: each parser turns one document's verbatim text into blocks."""

from __future__ import annotations

from collections.abc import Callable

from ingest.parsers import changchun, changzhi, huaian, lianyungang, suizhou
from ingest.parsers.blocks import Block

PARSERS: dict[str, Callable[[str], list[Block]]] = {
    "ha-2026-100qa": huaian.parse,
    "cc-policy-handbook": changchun.parse,
    "lyg-2017-measures": lianyungang.parse_measures,
    "lyg-2018-policy-notice": lianyungang.parse_notice,
    "lyg-2026-contribution-notice": lianyungang.parse_notice,
    "lyg-2024-qa-tcm-outpatient": lianyungang.parse_public_qa,
    "cz-benefit-tables": changzhi.parse,
    "sz-resident-brochure": suizhou.parse,
}


class NoParser(LookupError):
    """A document without a structure parser."""


def parse_document(doc_id: str, text: str) -> list[Block]:
    try:
        parser = PARSERS[doc_id]
    except KeyError:
        raise NoParser(
            f"no structure parser for document {doc_id!r}; add one to ingest/parsers and register it in PARSERS"
        ) from None
    return parser(text)
