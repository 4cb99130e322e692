"""Where teitools finds the data it ships: stylesheets, schemas (its customization and
tei_all), ingest profiles and fonts. One place, so that a checkout and an installed wheel
find them alike.

The top-level `xslt/` and `schemas/` folders of the source tree are the source; the package
carries them as `teitools/data/xslt` and `teitools/data/schemas` (symbolic links in the source
tree, which setuptools follows: a wheel holds real copies; see pyproject.toml). The fonts are
part of the stylesheets: the print face in xslt/print/fonts, the screen face in
xslt/html/assets/fonts.
TEITOOLS_XSLT and TEITOOLS_SCHEMAS point elsewhere, for developing stylesheets or schemas.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def _data(name: str) -> Path:
    """A folder of the package's data, as a real path."""
    return Path(str(resources.files("teitools") / "data" / name))


def xslt_dir() -> Path:
    """The stylesheets: xslt/common, xslt/html, xslt/print."""
    env = os.environ.get("TEITOOLS_XSLT")
    return Path(env) if env else _data("xslt")


def schemas_dir() -> Path:
    """The schemas teitools ships: the Wolfe editions' customization and tei_all."""
    env = os.environ.get("TEITOOLS_SCHEMAS")
    return Path(env) if env else _data("schemas")


def profiles_dir() -> Path:
    """The built-in ingest profiles."""
    return Path(str(resources.files("teitools.ingest") / "profiles"))


def print_fonts_dir() -> Path:
    """The print edition's book face, EB Garamond (OFL): xslt/print/fonts, beside the CSS
    whose @font-face rules name it, so that no system font is needed."""
    return xslt_dir() / "print" / "fonts"
