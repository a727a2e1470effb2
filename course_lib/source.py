"""Show course_lib's own code on a page, so the code shown is the code shipped."""

from __future__ import annotations

import ast
import inspect
import textwrap

from IPython.display import Markdown


def show_source(obj, *, docstring: bool = False) -> Markdown:
    """Display the source of a course_lib function or class as a code block.

    obj: the function or class. docstring: keep its docstring (default: drop
    it, since the page's text explains the code).
    """
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)):
        raise TypeError(f"obj must be a function, method or class; got {obj!r}")
    source = textwrap.dedent(inspect.getsource(obj))
    if not docstring:
        source = _without_docstring(source)
    return Markdown(f"```python\n{source.rstrip()}\n```")


def _without_docstring(source: str) -> str:
    node = ast.parse(source).body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return source  # not reached: show_source accepts only functions and classes
    first = node.body[0]
    is_docstring = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    if not is_docstring:
        return source
    lines = source.splitlines()
    del lines[first.lineno - 1 : first.end_lineno]
    return "\n".join(lines)
