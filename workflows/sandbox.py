"""Safe evaluation of admin-authored BPMN conditions and scripts.

Admins write conditions (``form["amount"] > 1000``, ``market_review.approved``) and small scripts. They are data,
not code: every expression is parsed with :mod:`ast`, checked against a whitelist of node types, rewritten so that
attribute access, arithmetic, slicing, iteration and calls go through guarded helpers, and run with empty
``__builtins__``. The helpers enforce a step budget, a wall-clock deadline (checked at every step) and an
allocation budget, so ``"a" * 10**9``, ``10**10**10`` or a triple nested comprehension over a big list are refused
before they run away. Anything outside the whitelist (imports, dunders, ``open``, ``getattr``, lambdas, ``while``)
is refused at compile time, so an escape attempt never starts.

One step of Python can hide unbounded work in C: comparing or hashing a list that holds the same big list 100,000
times, ``str()`` of it, ``round(1, -10**7)`` (which computes ``10**10**7``). So every operation that compares,
hashes, sorts or prints a value first *weighs* it (:func:`weigh`, which walks it with a budget and stops as soon as
it is over), and charges the weight to the step budget before Python starts the work.

Conditions are read-only: the only assignment a condition may contain is a plain loop name of a comprehension
(``[0 for form['x'] in [1]]`` would write into the case data, ``for M[10**9:] in [M]`` would grow a list without
being counted). Scripts may assign names and ``record['field']``, never slices.
"""

from __future__ import annotations

import ast
import copy
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any, cast

from workflows.errors import SandboxError

MAX_STEPS = 100_000  # loop iterations, operations and calls per evaluation
MAX_SECONDS = 0.5  # wall clock per evaluation
MAX_LEN = 100_000  # longest string / collection one operation may create
MAX_ALLOC = 2_000_000  # total items/characters created by guarded operations per evaluation
MAX_INT_BITS = 4096  # largest integer an operation may create
MAX_SOURCE = 20_000  # characters of one expression or script
MAX_NDIGITS = 308  # round(x, n): |n| beyond a float's range only makes Python compute 10**|n|
MAX_DEPTH = 100  # nesting of one value an operation may compare, hash, print or a script may store

_EXPR_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Store,
    ast.Del,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Is,
    ast.IsNot,
    ast.IfExp,
    ast.Subscript,
    ast.Slice,
    ast.Attribute,
    ast.Call,
    ast.keyword,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.comprehension,
    ast.JoinedStr,
    ast.FormattedValue,
)
_STMT_NODES: tuple[type[ast.AST], ...] = (
    ast.Module,
    ast.Assign,
    ast.AugAssign,
    ast.If,
    ast.For,
    ast.Expr,
    ast.Pass,
    ast.Break,
    ast.Continue,
    ast.Delete,
)

_FORBIDDEN_NAMES = frozenset(
    {
        "exec",
        "eval",
        "open",
        "compile",
        "getattr",
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "dir",
        "type",
        "object",
        "input",
        "breakpoint",
        "help",
        "memoryview",
        "bytearray",
        "classmethod",
        "staticmethod",
        "super",
        "property",
        "print",
        "exit",
        "quit",
        "os",
        "sys",
        "subprocess",
        "builtins",
    }
)

SAFE_FUNCTION_NAMES = frozenset(
    {
        "len",
        "min",
        "max",
        "sum",
        "any",
        "all",
        "abs",
        "round",
        "str",
        "int",
        "float",
        "bool",
        "sorted",
        "list",
        "tuple",
        "set",
        "dict",
    }
)

_SAFE_METHODS: dict[type, frozenset[str]] = {
    dict: frozenset({"get", "keys", "values", "items"}),
    str: frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "startswith", "endswith", "isdigit"}),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
}

_HELPERS = ("_attr", "_binop", "_iter", "_call", "_method", "_slice", "_fstr", "_weigh", "_key")


def _refuse(node: ast.AST, message: str) -> SandboxError:
    line = getattr(node, "lineno", None)
    return SandboxError(f"{message} (line {line})" if line else message)


class _Checker(ast.NodeVisitor):
    """Refuses every construct outside the whitelist, with a message naming it."""

    def __init__(self, allowed: tuple[type[ast.AST], ...]):
        self.allowed = allowed

    def generic_visit(self, node: ast.AST) -> None:
        if not isinstance(node, self.allowed):
            raise _refuse(node, f"{type(node).__name__} is not allowed")
        super().generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id.startswith("_"):
            raise _refuse(node, f"name {node.id!r} is not allowed (names may not start with '_')")
        if node.id in _FORBIDDEN_NAMES:
            raise _refuse(node, f"{node.id!r} is not allowed")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr.startswith("_"):
            raise _refuse(node, f"attribute {node.attr!r} is not allowed")
        if not isinstance(node.ctx, ast.Load):
            raise _refuse(node, "assigning to attributes is not allowed; use record['field'] = value")
        self.visit(node.value)

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)  # inner calls first, so open('/etc/passwd').read() is refused for 'open'
        func = node.func
        if isinstance(func, ast.Name):
            if func.id not in SAFE_FUNCTION_NAMES:
                raise _refuse(node, f"calling {func.id!r} is not allowed")
        elif isinstance(func, ast.Attribute):
            if not any(func.attr in methods for methods in _SAFE_METHODS.values()):
                raise _refuse(node, f"calling method {func.attr!r} is not allowed")
        else:
            raise _refuse(node, "only calls to named safe functions are allowed")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise _refuse(node, "*args is not allowed")
        for kw in node.keywords:
            if kw.arg is None:
                raise _refuse(node, "**kwargs is not allowed")

    def visit_Dict(self, node: ast.Dict) -> None:
        if any(key is None for key in node.keys):
            raise _refuse(node, "dict unpacking (**) is not allowed")
        self.generic_visit(node)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> None:
        if node.format_spec is not None:
            raise _refuse(node, "format specifications in f-strings are not allowed")
        self.visit(node.value)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        if node.is_async:
            raise _refuse(node, "async comprehensions are not allowed")
        _check_loop_target(node.target)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            _check_target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        _check_target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            _check_target(target)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        if node.orelse:
            raise _refuse(node, "for ... else is not allowed")
        _check_loop_target(node.target)
        self.generic_visit(node)


def _check_loop_target(target: ast.AST) -> None:
    """Loop variables are plain names: a subscript target would write into the data (or grow a list unseen)."""
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            _check_loop_target(element)
    elif not isinstance(target, ast.Name):
        raise _refuse(target, "循环变量只能是名称 (a loop variable must be a plain name, not a subscript or slice)")


def _check_target(target: ast.AST) -> None:
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            _check_target(element)
    elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Slice):
        raise _refuse(target, "不能对切片赋值 (assigning to a slice is not allowed; assign record['field'])")
    elif not isinstance(target, ast.Name | ast.Subscript):
        raise _refuse(target, "only names and record['field'] can be assigned")


def _helper(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


class _Guard(ast.NodeTransformer):
    """Routes every operation that can allocate, loop or reach an object's attributes through a guarded helper."""

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        return _helper("_attr", self.visit(node.value), ast.Constant(node.attr))

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        return _helper("_binop", ast.Constant(type(node.op).__name__), self.visit(node.left), self.visit(node.right))

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        load = _as_load(copy.deepcopy(node.target))
        value = _helper("_binop", ast.Constant(type(node.op).__name__), self.visit(load), self.visit(node.value))
        return ast.Assign(targets=[self.visit(node.target)], value=value)

    def visit_comprehension(self, node: ast.comprehension) -> ast.AST:
        node.target = self.visit(node.target)
        node.iter = _helper("_iter", self.visit(node.iter))
        node.ifs = [self.visit(cond) for cond in node.ifs]
        return node

    def visit_For(self, node: ast.For) -> ast.AST:
        node.target = self.visit(node.target)
        node.iter = _helper("_iter", self.visit(node.iter))
        node.body = [self.visit(stmt) for stmt in node.body]
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        args = [self.visit(arg) for arg in node.args]
        keywords = [ast.keyword(arg=kw.arg, value=self.visit(kw.value)) for kw in node.keywords]
        if isinstance(node.func, ast.Attribute):
            target = self.visit(node.func.value)
            return ast.Call(
                func=ast.Name(id="_method", ctx=ast.Load()),
                args=[target, ast.Constant(node.func.attr), *args],
                keywords=keywords,
            )
        assert isinstance(node.func, ast.Name)
        return ast.Call(
            func=ast.Name(id="_call", ctx=ast.Load()), args=[ast.Constant(node.func.id), *args], keywords=keywords
        )

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        node.value = self.visit(node.value)
        if isinstance(node.slice, ast.Slice) and isinstance(node.ctx, ast.Load):
            bounds = [
                self.visit(b) if b is not None else ast.Constant(None)
                for b in (node.slice.lower, node.slice.upper, node.slice.step)
            ]
            return _helper("_slice", node.value, *bounds)
        node.slice = _helper("_key", self.visit(node.slice))
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if all(isinstance(op, ast.Is | ast.IsNot) for op in node.ops):
            return node
        node.left = _helper("_weigh", node.left)
        node.comparators = [_helper("_weigh", value) for value in node.comparators]
        return node

    def visit_Set(self, node: ast.Set) -> ast.AST:
        self.generic_visit(node)
        node.elts = [_helper("_key", element) for element in node.elts]
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        self.generic_visit(node)
        node.keys = [_helper("_key", key) if key is not None else None for key in node.keys]
        return node

    def visit_SetComp(self, node: ast.SetComp) -> ast.AST:
        self.generic_visit(node)
        node.elt = _helper("_key", node.elt)
        return node

    def visit_DictComp(self, node: ast.DictComp) -> ast.AST:
        self.generic_visit(node)
        node.key = _helper("_key", node.key)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        parts: list[ast.expr] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                parts.append(self.visit(value.value))
            else:
                parts.append(value)
        return _helper("_fstr", *parts)


def _as_load(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return ast.Name(id=target.id, ctx=ast.Load())
    assert isinstance(target, ast.Subscript)
    return ast.Subscript(value=target.value, slice=target.slice, ctx=ast.Load())


def _parse(source: str, mode: str) -> ast.AST:
    if not isinstance(source, str):
        raise SandboxError("expression must be text")
    if len(source) > MAX_SOURCE:
        raise SandboxError(f"expression is longer than {MAX_SOURCE} characters")
    try:
        tree = ast.parse(source.strip() if mode == "eval" else source, mode=mode)
    except SyntaxError as exc:
        raise SandboxError(f"does not parse: {exc.msg} (line {exc.lineno}, column {exc.offset})") from None
    except ValueError as exc:  # null bytes
        raise SandboxError(f"does not parse: {exc}") from None
    _Checker(_EXPR_NODES if mode == "eval" else _EXPR_NODES + _STMT_NODES).visit(tree)
    return tree


def check_expression(source: str) -> None:
    """Raise SandboxError if ``source`` is not an expression the sandbox will run (used at publish time)."""
    _compile(source, "eval")


def check_script(source: str) -> None:
    """Raise SandboxError if ``source`` is not a script the sandbox will run (used at publish time)."""
    _compile(source, "exec")


@lru_cache(maxsize=4096)
def _compile(source: str, mode: str) -> Any:
    tree = _parse(source, mode)
    guarded = ast.fix_missing_locations(_Guard().visit(tree))
    return compile(guarded, "<sandbox>", mode)


class _Runtime:
    """Per-evaluation budget and the guarded helpers the rewritten code calls."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.alloc = MAX_ALLOC
        self.deadline = time.monotonic() + MAX_SECONDS

    def tick(self, count: int = 1) -> None:
        self.steps -= count
        if self.steps < 0:
            raise SandboxError(f"step limit of {MAX_STEPS} exceeded")
        if time.monotonic() > self.deadline:
            raise SandboxError(f"time limit of {MAX_SECONDS}s exceeded")

    def allocate(self, size: int) -> None:
        if size > MAX_LEN:
            raise SandboxError(f"refused to create a value of {size} items (limit {MAX_LEN})")
        self.alloc -= size
        if self.alloc < 0:
            raise SandboxError(f"allocation limit of {MAX_ALLOC} items exceeded")

    def charge(self, value: Any, factor: int = 1) -> None:
        """Pay for work proportional to ``value``'s size (comparing, hashing, sorting it) before it is done."""
        if isinstance(value, bool | int | float | type(None)):
            return
        self.tick(weigh(value, max(self.steps // factor, 0)) * factor)

    def globals(self) -> dict[str, Any]:
        return {
            "__builtins__": {},
            "_attr": _attr,
            "_binop": self.binop,
            "_iter": self.iterate,
            "_call": self.call,
            "_method": self.method,
            "_slice": self.slice,
            "_fstr": self.fstr,
            "_weigh": self.weigh,
            "_key": self.key,
        }

    def weigh(self, value: Any) -> Any:
        """A comparison operand: paid for by its size; an iterator is drained first so its items are weighed."""
        if isinstance(value, Iterator):
            value = tuple(value)
            self.allocate(len(value))
        self.charge(value)
        return value

    def key(self, value: Any) -> Any:
        """A dict key or set element: hashing a tuple walks all of it, every time (tuples do not cache hashes)."""
        if isinstance(value, tuple | frozenset):
            self.charge(value)
        return value

    def binop(self, op: str, left: Any, right: Any) -> Any:
        self.tick()
        if op == "Mult":
            self._check_repeat(left, right)
            self._check_repeat(right, left)
            if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SandboxError("integer result too large")
        elif op in ("Add", "Sub") and _is_int(left) and _is_int(right):
            if max(left.bit_length(), right.bit_length()) >= MAX_INT_BITS:
                raise SandboxError("integer result too large")
        elif op == "Add" and _sized(left) and _sized(right):
            self.allocate(len(left) + len(right))
        elif op == "Sub" and (_sized(left) or _sized(right)):  # set difference hashes every element
            self.charge(left)
            self.charge(right)
        elif op == "Pow" and _is_int(left) and _is_int(right) and right > 0:
            if max(left.bit_length(), 1) * right > MAX_INT_BITS:
                raise SandboxError("integer result too large")
        elif op == "Mod" and isinstance(left, str | bytes):
            raise SandboxError("'%' string formatting is not allowed; use f-strings")
        return _OPERATORS[op](left, right)

    def _check_repeat(self, seq: Any, times: Any) -> None:
        if _sized(seq) and _is_int(times):
            self.allocate(len(seq) * max(times, 0))

    def iterate(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.tick()
            yield item

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self.tick()
        for arg in args:
            if _sized(arg):
                self.tick(len(arg) // 64)
        if name == "sum":
            return self._sum(*args, **kwargs)
        if name == "round":
            _check_ndigits(args[1] if len(args) > 1 else kwargs.get("ndigits"))
        if name == "str" and args and not isinstance(args[0], str):
            self._check_text(args[0])
        if name in _COMPARING_FUNCTIONS:
            args = tuple(self._materialise(arg) for arg in args)
            for arg in (*args, *kwargs.values()):
                self.charge(arg, _sort_factor(arg) if name == "sorted" else 1)
        result = _SAFE_FUNCTIONS[name](*args, **kwargs)
        if _sized(result):
            self.allocate(len(result))
        return result

    def _materialise(self, arg: Any) -> Any:
        """Drain an iterator so the items it yields can be weighed before they are compared or hashed."""
        if isinstance(arg, Iterator):
            arg = tuple(arg)
            self.allocate(len(arg))
        return arg

    def _check_text(self, value: Any) -> None:
        """Refuse str()/f-string of a value whose text would be too long, before Python builds it."""
        self.charge(value)
        size = text_size(value, MAX_LEN)
        if size > MAX_LEN:
            raise SandboxError(f"refused to create a text of more than {MAX_LEN} characters")
        self.allocate(size)

    def _sum(self, items: Iterable[Any], start: Any = 0) -> Any:
        total = start
        for item in items:
            self.tick()
            if not isinstance(item, int | float) or not isinstance(total, int | float):
                raise SandboxError("sum() only adds numbers")
            if isinstance(total, int) and _is_int(total) and total.bit_length() >= MAX_INT_BITS:
                raise SandboxError("integer result too large")
            total = total + item
        return total

    def method(self, obj: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        self.tick()
        allowed = _SAFE_METHODS.get(type(obj), frozenset())
        if name not in allowed:
            raise SandboxError(f"method {name!r} is not allowed on {type(obj).__name__}")
        if isinstance(obj, list | tuple):  # count/index compare every item
            self.charge(obj)
            for arg in args:
                self.charge(arg)
        elif isinstance(obj, dict) and args:  # get(key): the key is hashed
            self.key(args[0])
        elif isinstance(obj, str):
            self.tick(len(obj) // 256)
        result = getattr(obj, name)(*args, **kwargs)
        if isinstance(result, str | list | tuple):
            self.allocate(len(result))
        return result

    def slice(self, obj: Any, lower: Any, upper: Any, step: Any) -> Any:
        self.tick()
        result = obj[lower:upper:step]
        if _sized(result):
            self.allocate(len(result))
        return result

    def fstr(self, *parts: Any) -> str:
        self.tick()
        size = 0
        for part in parts:
            size += len(part) if isinstance(part, str) else text_size(part, MAX_LEN)
            if size > MAX_LEN:
                raise SandboxError(f"refused to create a text of more than {MAX_LEN} characters")
        self.allocate(size)
        for part in parts:
            if not isinstance(part, str):
                self.charge(part)
        return "".join(p if isinstance(p, str) else str(p) for p in parts)


_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))
_CONTAINERS: tuple[type, ...] = (list, tuple, set, frozenset, Mapping, *_VIEWS)


def weigh(value: Any, budget: int) -> int:
    """How much work comparing, hashing or copying ``value`` can take (nodes, counting shared ones every time they
    are reached), or any number above ``budget`` as soon as it is clear the value is heavier: the walk never does
    more than ``budget`` steps. Raises SandboxError for values nested deeper than MAX_DEPTH."""
    return _walk(value, budget, text=False)


def text_size(value: Any, budget: int) -> int:
    """An upper bound of ``len(str(value))`` (any number above ``budget`` once it is known to be over)."""
    if isinstance(value, str):
        return len(value)
    return _walk(value, budget, text=True)


def _walk(value: Any, budget: int, text: bool) -> int:
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, _CONTAINERS):
            if depth >= MAX_DEPTH:
                raise SandboxError(f"value nested more than {MAX_DEPTH} levels deep")
            size = len(cast(Collection[Any], item))
            total += (4 * size + 16) if text else size
            if total > budget:
                return total
            if isinstance(item, Mapping):
                stack.extend((key, depth + 1) for key in item)
                stack.extend((entry, depth + 1) for entry in item.values())
            else:
                stack.extend((entry, depth + 1) for entry in cast(Collection[Any], item))
        else:
            total += _leaf_size(item, text)
            if total > budget:
                return total
    return total


def _leaf_size(item: Any, text: bool) -> int:
    if isinstance(item, str):
        if not text:
            return 1 + (len(item) >> 8)
        return len(item) + 2 if item.isprintable() else 10 * len(item) + 2  # repr escapes up to \U0010ffff
    if isinstance(item, bytes):
        return 4 * len(item) + 3 if text else 1 + (len(item) >> 8)
    if not text:
        return 1
    if isinstance(item, bool) or item is None:
        return 5
    if isinstance(item, int):
        return item.bit_length() * 31 // 100 + 2
    if isinstance(item, float):
        return 24
    return 80  # complex, generators, dict views' own names...


def _sort_factor(value: Any) -> int:
    return max(len(value), 2).bit_length() if _sized(value) else 1


def _check_ndigits(ndigits: Any) -> None:
    if _is_int(ndigits) and abs(ndigits) > MAX_NDIGITS:
        raise SandboxError(f"round() to more than {MAX_NDIGITS} digits is not allowed")


def _attr(obj: Any, name: str) -> Any:
    """Dotted access reads fields of data records (dicts) only, never Python object attributes."""
    if isinstance(obj, Mapping):
        try:
            return obj[name]
        except KeyError:
            raise SandboxError(f"record has no field {name!r}") from None
    raise SandboxError(f"attribute access is only allowed on data records, not on {type(obj).__name__}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sized(value: Any) -> bool:
    return isinstance(value, str | bytes | list | tuple | dict | set | frozenset)


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mult": lambda a, b: a * b,
    "Div": lambda a, b: a / b,
    "FloorDiv": lambda a, b: a // b,
    "Mod": lambda a, b: a % b,
    "Pow": lambda a, b: a**b,
}

_COMPARING_FUNCTIONS = frozenset({"min", "max", "sorted", "set", "dict"})

_SAFE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len,
    "min": min,
    "max": max,
    "any": any,
    "all": all,
    "abs": abs,
    "round": round,
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "sorted": sorted,
    "list": list,
    "tuple": tuple,
    "set": set,
    "dict": dict,
}

_RESERVED = frozenset({"__builtins__", *_HELPERS})


def evaluate(expression: str, data: Mapping[str, Any]) -> Any:
    """Evaluate a condition/expression against ``data`` in the sandbox; raises SandboxError when refused."""
    code = _compile(expression, "eval")
    runtime = _Runtime()
    scope = dict(data)
    scope.update(runtime.globals())
    try:
        return eval(code, scope)  # noqa: S307 - code is whitelisted and guarded, builtins are empty
    except SandboxError:
        raise
    except RecursionError:
        raise SandboxError("value nested too deeply") from None
    except Exception as exc:
        raise SandboxError(f"{type(exc).__name__}: {exc}") from None


def execute(script: str, data: dict[str, Any]) -> None:
    """Run a script in the sandbox; top-level names it assigns (or deletes) are written back into ``data``."""
    code = _compile(script, "exec")
    runtime = _Runtime()
    scope = dict(data)
    scope.update(runtime.globals())
    try:
        exec(code, scope)  # noqa: S102 - code is whitelisted and guarded, builtins are empty
    except SandboxError:
        raise
    except RecursionError:
        raise SandboxError("value nested too deeply") from None
    except Exception as exc:
        raise SandboxError(f"{type(exc).__name__}: {exc}") from None
    written = {key: value for key, value in scope.items() if key not in _RESERVED and not callable(value)}
    for key, value in written.items():
        try:
            fits = weigh(value, MAX_ALLOC) <= MAX_ALLOC
        except SandboxError:  # a cycle (record["x"] = record) or a value nested too deeply
            fits = False
        if not fits:
            raise SandboxError(f"{key!r} is too large (or nested too deeply) to store in the case data")
    for key in [k for k in data if k not in scope]:
        del data[key]
    data.update(written)
