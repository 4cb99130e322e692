"""Renderings of the editions: running the XSLT of xslt/ (xslt.py), the HTML site (html.py),
the print edition (pdf.py), and the `build` command (command.py)."""
