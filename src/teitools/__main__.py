"""`python -m teitools` runs the teitools command."""

from .cli import main

main()
