"""The cells a graded run needs, and the names an exercise asks for, found from the code.

A homework's cells are the first code cell (setup), every nbgrader cell, and the lesson cells that
define a name those cells use, transitively. The trusted kernel runs these cells of the instructor's
notebook (``verdict.py``); the answer bank grades submissions cut down to them (``tests/answer_bank``).
"""

from __future__ import annotations

import ast
import builtins
import symtable


def _code(src: str) -> str:
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(src)


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _in_order(node):
    """The module-level ``Name`` nodes under ``node`` in evaluation order (nested scopes skipped)."""
    if isinstance(node, ast.Name):
        yield node
        return
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        for child in [*node.decorator_list, *getattr(node, "bases", []),
                      *(node.args.defaults + node.args.kw_defaults if hasattr(node, "args") else [])]:
            if child is not None:
                yield from _in_order(child)
        yield ast.Name(id=node.name, ctx=ast.Store())
        return
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        yield from _in_order(node.generators[0].iter)  # evaluated in the enclosing scope
        return
    if isinstance(node, _SCOPES):
        return
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        children = [node.value] if node.value is not None else []
        children += node.targets if isinstance(node, ast.Assign) else [node.target]
    elif isinstance(node, ast.AugAssign):
        children = [ast.Name(id=node.target.id, ctx=ast.Load())] if isinstance(node.target, ast.Name) else []
        children += [node.value, node.target]
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        children = [node.iter, node.target, *node.body, *node.orelse]
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for a in node.names:
            yield ast.Name(id=(a.asname or a.name).split(".")[0], ctx=ast.Store())
        return
    else:
        children = list(ast.iter_child_nodes(node))
    for child in children:
        yield from _in_order(child)


def _names(src: str) -> tuple[set[str], set[str]]:
    """(names a cell defines at top level, names it needs from earlier cells).

    A name is needed when the cell reads it at top level before assigning it, or reads it inside a
    function, lambda or comprehension without ever assigning it at top level.
    """
    code = _code(src)
    try:
        tree, top = ast.parse(code), symtable.symtable(code, "<cell>", "exec")
    except SyntaxError:
        return set(), set()
    defined, used = set(), set()
    for node in _in_order(tree):
        if isinstance(node.ctx, ast.Load):
            if node.id not in defined:
                used.add(node.id)
        else:
            defined.add(node.id)

    def nested(table):
        for child in table.get_children():
            for sym in child.get_symbols():
                if sym.is_referenced() and sym.is_global() and sym.get_name() not in defined:
                    used.add(sym.get_name())
            nested(child)

    nested(top)
    return defined - set(dir(builtins)), used - set(dir(builtins))


def needed_cells(nb) -> list[int]:
    """Indices of the code cells a graded run of the homework needs (see the module docstring)."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    names = {i: _names(nb.cells[i].source) for i in code}
    keep = {code[0]} | {i for i in code if "nbgrader" in nb.cells[i].metadata}
    todo = list(keep)
    while todo:
        j = todo.pop()
        for i in code:
            if i < j and i not in keep and names[i][0] & names[j][1]:
                keep.add(i)
                todo.append(i)
    return sorted(keep)


def answer_names(nb) -> set[str]:
    """The names the answer cells define at top level: what a test cell sees of a submission."""
    out: set[str] = set()
    for c in nb.cells:
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"):
            out |= _names(c.source)[0]
    return out
