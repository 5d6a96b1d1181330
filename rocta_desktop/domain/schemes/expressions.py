"""The small, safe arithmetic language that scheme files use to combine answers into totals.

    expression := comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | NAME | NAME "(" [expression ("," expression)*] ")" | "(" expression ")"

Functions: min, max, sum, round(x[, digits]), clamp(x, low, high), if(condition, then, else),
lookup(TABLE, x) (a step table defined in the scheme). Comparisons give 1 or 0.

Text is parsed into a tree once, at load; nothing is ever handed to Python's `eval`. The tree is
evaluated over *intervals*: a known answer is the interval [v, v], an unknown one the range of
values it could take, so the same evaluation says both the score and how far unknown answers could
move it. Every operation returns the exact hull of its possible results (interval arithmetic),
so the range is always sound for the monotone operations schemes use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class ExpressionError(ValueError):
    """A parse or evaluation error, with the 1-based column where it happened (if known)."""

    def __init__(self, message: str, column: int | None = None):
        self.column = column
        super().__init__(f"at column {column}: {message}" if column else message)


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @staticmethod
    def of(value: float) -> Interval:
        return Interval(value, value)

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __contains__(self, value: float) -> bool:
        return self.lo <= value <= self.hi


# ---------------------------------------------------------------------------------- parsing

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|[-+*/(),<>]))")


@dataclass(frozen=True)
class Node:
    column: int


@dataclass(frozen=True)
class Num(Node):
    value: float


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Unary(Node):
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            col = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise ExpressionError(f"unexpected character {text[col - 1]!r}", col)
        col = m.start(m.lastindex) + 1
        kind = ("number", "name", "op")[m.lastindex - 1]
        out.append((kind, m.group(m.lastindex), col))
        pos = m.end()
    out.append(("end", "", len(text) + 1))
    return out


FUNCTIONS: dict[str, tuple[int, int | None]] = {  # name -> (min args, max args or None)
    "min": (1, None), "max": (1, None), "sum": (1, None), "round": (1, 2), "clamp": (3, 3),
    "if": (3, 3), "lookup": (2, 2),
}
_COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, text, col = self.take()
        if text != value or kind != "op":
            raise ExpressionError(f"expected {value!r} but found {text or 'the end'!r}", col)

    def parse(self) -> Node:
        if self.peek()[0] == "end":
            raise ExpressionError("the expression is empty", 1)
        node = self.comparison()
        kind, text, col = self.peek()
        if kind != "end":
            raise ExpressionError(f"unexpected {text!r}", col)
        return node

    def comparison(self) -> Node:
        left = self.sum()
        kind, text, col = self.peek()
        if kind == "op" and text in _COMPARISONS:
            self.take()
            return Binary(col, text, left, self.sum())
        return left

    def sum(self) -> Node:
        node = self.product()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            _, op, col = self.take()
            node = Binary(col, op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            _, op, col = self.take()
            node = Binary(col, op, node, self.unary())
        return node

    def unary(self) -> Node:
        kind, text, col = self.peek()
        if kind == "op" and text == "-":
            self.take()
            return Unary(col, self.unary())
        return self.atom()

    def atom(self) -> Node:
        kind, text, col = self.take()
        if kind == "number":
            return Num(col, float(text))
        if kind == "name":
            if self.peek()[1] == "(" and self.peek()[0] == "op":
                return self.call(text, col)
            return Name(col, text)
        if kind == "op" and text == "(":
            node = self.comparison()
            self.expect(")")
            return node
        raise ExpressionError(f"expected a number, a name or '(' but found {text or 'the end'!r}", col)

    def call(self, function: str, col: int) -> Node:
        if function not in FUNCTIONS:
            raise ExpressionError(f"unknown function {function!r} (known: {', '.join(sorted(FUNCTIONS))})", col)
        self.expect("(")
        args: list[Node] = []
        if self.peek()[1] != ")":
            args.append(self.comparison())
            while self.peek()[1] == ",":
                self.take()
                args.append(self.comparison())
        self.expect(")")
        low, high = FUNCTIONS[function]
        if len(args) < low or (high is not None and len(args) > high):
            wanted = f"{low}" if low == high else f"{low} or more" if high is None else f"{low} to {high}"
            raise ExpressionError(f"{function}() takes {wanted} arguments, not {len(args)}", col)
        if function == "lookup" and not isinstance(args[0], Name):
            raise ExpressionError("lookup() needs a table name as its first argument", col)
        return Call(col, function, tuple(args))


def parse(text: str) -> Node:
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text")
    return _Parser(text).parse()


def names(node: Node) -> list[tuple[str, int]]:
    """Every value name the expression reads, with its column (lookup table names excluded)."""
    if isinstance(node, Name):
        return [(node.name, node.column)]
    if isinstance(node, Unary):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) + names(node.right)
    if isinstance(node, Call):
        args = node.args[1:] if node.function == "lookup" else node.args
        return [n for a in args for n in names(a)]
    return []


def tables(node: Node) -> list[tuple[str, int]]:
    """Every lookup table the expression uses, with its column."""
    if isinstance(node, Unary):
        return tables(node.operand)
    if isinstance(node, Binary):
        return tables(node.left) + tables(node.right)
    if isinstance(node, Call):
        own = [(node.args[0].name, node.column)] if node.function == "lookup" else []  # type: ignore[attr-defined]
        return own + [t for a in node.args for t in tables(a)]
    return []


# ---------------------------------------------------------------------------------- evaluation

@dataclass(frozen=True)
class StepTable:
    """A step lookup: the value of the last step whose `from` is <= x (x below the first step
    takes the first step's value)."""

    steps: tuple[tuple[float, float], ...]  # (from, value), ascending by from

    def at(self, x: float) -> float:
        value = self.steps[0][1]
        for start, v in self.steps:
            if x >= start:
                value = v
        return value

    def over(self, iv: Interval) -> Interval:
        values = [self.at(iv.lo), self.at(iv.hi)]
        values += [v for start, v in self.steps if iv.lo < start <= iv.hi]
        return Interval(min(values), max(values))


def _hull(values: Sequence[float]) -> Interval:
    return Interval(min(values), max(values))


def round_half_up(value: float, digits: int = 0) -> float:
    """Rounding as people do it (2.5 -> 3), on the decimal text of the number, not its binary."""
    exp = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(exp, rounding=ROUND_HALF_UP))


def _round(iv: Interval, digits: int) -> Interval:
    return Interval(round_half_up(iv.lo, digits), round_half_up(iv.hi, digits))


def _compare(op: str, a: Interval, b: Interval) -> Interval:
    tests: dict[str, Callable[[float, float], bool]] = {
        "<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y, "==": lambda x, y: x == y, "!=": lambda x, y: x != y,
    }
    test = tests[op]
    if a.exact and b.exact:
        return Interval.of(1.0 if test(a.lo, b.lo) else 0.0)
    # definitely true / definitely false where the ranges do not overlap
    if op in ("<", "<="):
        if test(a.hi, b.lo):
            return Interval.of(1.0)
        if not test(a.lo, b.hi):
            return Interval.of(0.0)
    elif op in (">", ">="):
        if test(a.lo, b.hi):
            return Interval.of(1.0)
        if not test(a.hi, b.lo):
            return Interval.of(0.0)
    elif a.hi < b.lo or b.hi < a.lo:
        return Interval.of(1.0 if op == "!=" else 0.0)
    return Interval(0.0, 1.0)


def evaluate(node: Node, values: Mapping[str, Interval], lookups: Mapping[str, StepTable]) -> Interval:
    if isinstance(node, Num):
        return Interval.of(node.value)
    if isinstance(node, Name):
        try:
            return values[node.name]
        except KeyError:
            raise ExpressionError(f"unknown name {node.name!r}", node.column) from None
    if isinstance(node, Unary):
        v = evaluate(node.operand, values, lookups)
        return Interval(-v.hi, -v.lo)
    if isinstance(node, Binary):
        a = evaluate(node.left, values, lookups)
        b = evaluate(node.right, values, lookups)
        if node.op == "+":
            return Interval(a.lo + b.lo, a.hi + b.hi)
        if node.op == "-":
            return Interval(a.lo - b.hi, a.hi - b.lo)
        if node.op == "*":
            return _hull([a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi])
        if node.op == "/":
            if b.lo <= 0 <= b.hi:
                raise ExpressionError("division by a value that can be zero", node.column)
            return _hull([a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi])
        return _compare(node.op, a, b)
    if isinstance(node, Call):
        f = node.function
        if f == "lookup":
            table = lookups.get(node.args[0].name)  # type: ignore[attr-defined]
            if table is None:
                raise ExpressionError(f"unknown lookup table {node.args[0].name!r}", node.column)  # type: ignore[attr-defined]
            return table.over(evaluate(node.args[1], values, lookups))
        args = [evaluate(a, values, lookups) for a in node.args]
        if f == "min":
            return Interval(min(a.lo for a in args), min(a.hi for a in args))
        if f == "max":
            return Interval(max(a.lo for a in args), max(a.hi for a in args))
        if f == "sum":
            return Interval(math.fsum(a.lo for a in args), math.fsum(a.hi for a in args))
        if f == "round":
            if len(args) == 2 and not args[1].exact:
                raise ExpressionError("round() needs a fixed number of digits", node.column)
            return _round(args[0], int(args[1].lo) if len(args) == 2 else 0)
        if f == "clamp":
            x, low, high = args
            return Interval(min(max(x.lo, low.lo), high.lo), min(max(x.hi, low.hi), high.hi))
        if f == "if":
            cond, then, other = args
            if cond.exact:
                return then if cond.lo != 0 else other
            if cond.lo > 0 or cond.hi < 0:  # never zero: always true
                return then
            return Interval(min(then.lo, other.lo), max(then.hi, other.hi))
    raise ExpressionError(f"cannot evaluate {type(node).__name__}", getattr(node, "column", None))


# ---------------------------------------------------------------------------------- display

_PRECEDENCE = {"<": 1, "<=": 1, ">": 1, ">=": 1, "==": 1, "!=": 1, "+": 2, "-": 2, "*": 3, "/": 3}
_SHOWN = {"*": "\u00d7", "/": "\u00f7", "-": "\u2212", "<=": "\u2264", ">=": "\u2265", "!=": "\u2260"}


def format_number(value: float, digits: int | None = None) -> str:
    if digits is not None:
        value = round_half_up(value, digits)
        return f"{value:.{digits}f}"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_interval(iv: Interval, digits: int | None = None) -> str:
    if iv.exact:
        return format_number(iv.lo, digits)
    return f"{format_number(iv.lo, digits)}\u2013{format_number(iv.hi, digits)}"


def render(node: Node, values: Mapping[str, Interval] | None = None, parent: int = 0) -> str:
    """The expression as a person reads it; with `values`, each name replaced by its value."""
    if isinstance(node, Num):
        return format_number(node.value)
    if isinstance(node, Name):
        if values is None:
            return node.name
        value = values[node.name]
        return format_interval(value) if value.exact else f"[{format_interval(value)}]"
    if isinstance(node, Unary):
        return "\u2212" + render(node.operand, values, 4)
    if isinstance(node, Binary):
        prec = _PRECEDENCE[node.op]
        left = render(node.left, values, prec)
        right = render(node.right, values, prec + 1)  # left-associative
        text = f"{left} {_SHOWN.get(node.op, node.op)} {right}"
        return f"({text})" if prec < parent else text
    if isinstance(node, Call):
        args = [node.args[0].name if node.function == "lookup" else render(node.args[0], values)]  # type: ignore[attr-defined]
        args += [render(a, values) for a in node.args[1:]]
        return f"{node.function}({', '.join(args)})"
    return "?"
