"""WeasyPrint, made to keep every footnote on the page of its call.

An apparatus entry belongs on the page of its lemma: a reader looks for it there, and a
publisher sends nothing to press that breaks the rule. WeasyPrint 70 breaks it in one place
(`weasyprint.layout.block._linebox_layout`): when a line does not fit at the foot of a page and
widows or orphans forbid breaking before it, WeasyPrint moves footnotes already set on that page
(the notes of lines above) to the next page, to make room for the line. Every footnote after
them on the page then follows them, so one such decision sets a run of entries a page late.

A critical edition ranks the other way: the line goes to the next page (the page ends a line
short, the usual price of widow and orphan control) and the notes stay with their calls. This
module makes that one decision so: the expression that allows moving the notes is replaced by
False in WeasyPrint's own function, compiled again with its line numbers. If the expression is
not found (another WeasyPrint), nothing is changed: the build still checks every note's page
and reports any that moved (`pdf/entry-moved`).
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap

#: The condition under which WeasyPrint moves earlier footnotes off the page to fit a line.
MOVES_EARLIER_NOTES = "report = not context.in_column and can_break_now and not could_break_before"


@functools.cache
def keep_footnotes_with_calls() -> bool:
    """Patch WeasyPrint (once per process) so it never moves a set footnote to fit a line.
    True if the patch is in place."""
    from weasyprint.layout import block

    original = block._linebox_layout
    try:
        lines, first = inspect.getsourcelines(original)
    except (OSError, TypeError):
        lines, first = [], 0
    source = textwrap.dedent("".join(lines))
    if source.count(MOVES_EARLIER_NOTES) != 1:
        return False
    tree = ast.parse(source.replace(MOVES_EARLIER_NOTES, "report = False"))
    ast.increment_lineno(tree, first - 1)
    namespace = block.__dict__
    exec(compile(tree, inspect.getsourcefile(original) or block.__file__, "exec"), namespace)
    patched = namespace["_linebox_layout"]
    patched.__doc__ = original.__doc__
    patched.__wrapped__ = original  # type: ignore[attr-defined]
    return True
