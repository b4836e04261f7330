"""Can every condition leaving a gateway be false at once? A small, sound-but-incomplete prover.

An exclusive or inclusive gateway without a default flow stops the case (an incident) when no condition holds.
Whether conditions cover every case is undecidable in general, so we accept only what we can prove: a condition
that is a true constant, or two conditions where one is the other's negation (`approved` / `not approved`,
`x == 'a'` / `x != 'a'`, `n > 10` / `n <= 10`). Anything else needs a default flow.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

COMPLEMENT: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def _parse(source: str) -> ast.expr | None:
    try:
        return ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return None


def _negation(node: ast.expr) -> str | None:
    """ast.dump of the expression that is exactly `not node`, where we can write it down."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ast.dump(node.operand)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPLEMENT:
        flipped = ast.Compare(left=node.left, ops=[COMPLEMENT[type(node.ops[0])]()], comparators=node.comparators)
        return ast.dump(flipped)
    return ast.dump(ast.UnaryOp(op=ast.Not(), operand=node))


def _always_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and bool(node.value)


def conditions_cover_every_case(conditions: Sequence[str]) -> bool:
    """True when we can prove at least one of `conditions` holds whatever the case data is."""
    nodes = [node for node in map(_parse, conditions) if node is not None]
    if any(_always_true(node) for node in nodes):
        return True
    dumped = {ast.dump(node) for node in nodes}
    return any(_negation(node) in dumped for node in nodes)
