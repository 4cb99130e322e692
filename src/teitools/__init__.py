"""teitools: a toolchain for scholarly critical editions in TEI-XML."""

__version__ = "0.1.0"
