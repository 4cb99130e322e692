"""The metadata formats the repository disseminates, and how a document is rendered in each."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..tei import TEI_NS
from .dc import OAI_DC_NS, OAI_DC_SCHEMA, Description


@dataclass(frozen=True)
class MetadataFormat:
    """One format as ListMetadataFormats announces it."""

    prefix: str
    schema: str
    namespace: str


FORMATS: dict[str, MetadataFormat] = {
    f.prefix: f
    for f in (
        MetadataFormat("oai_dc", OAI_DC_SCHEMA, OAI_DC_NS),
        MetadataFormat(
            "tei", "https://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd", TEI_NS
        ),
    )
}


def disseminate(root: etree._Element, description: Description) -> dict[str, bytes]:
    """The record of a document in every format: oai_dc, and the whole validated TEI element."""
    return {"oai_dc": description.oai_dc(), "tei": etree.tostring(root, encoding="utf-8")}
