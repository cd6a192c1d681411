"""A small, safe rule language for indicators: parsed once, then evaluated in Python, compiled to
Ibis (set-based evaluation on DuckDB, PostgreSQL or Spark) or written as XLSForm XPath.

The grammar is a strict subset of Python expressions, checked node by node (nothing is eval'ed):

    expr    := expr "or" expr | expr "and" expr | "not" expr | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)* | sum "in" "(" literal, ... ")"
    sum     := sum ("+" | "-" | "*" | "/") sum | "-" sum | atom
    atom    := NAME | "param." NAME | NUMBER | STRING | True | False | "(" expr ")"

NAME is a question of the survey version or a built-in (`age`, `sex`, `members`);
`param.X` is a threshold stored with the version (e.g. `param.income_line_baht`).
A missing answer makes the result unknown (None) rather than a pass or a fail.
"""

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from thanrak.core.errors import DomainError

BUILTINS = {"age": "integer", "sex": "text", "members": "integer"}
MAX_LENGTH = 500

_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class InvalidRule(DomainError):
    """A rule expression is not in the rule language or names something unknown."""


@dataclass(frozen=True)
class Rule:
    source: str
    tree: ast.expr
    names: frozenset[str]
    params: frozenset[str]

    def __str__(self) -> str:
        return self.source


def parse(
    source: str, *, known_names: Iterable[str] | None = None, known_params: Iterable[str] | None = None
) -> Rule:
    """Check an expression against the rule language (and, when given, the names it may use)."""
    text = " ".join((source or "").split())
    if not text:
        raise InvalidRule(_("The rule is empty."), code="rule_empty")
    if len(text) > MAX_LENGTH:
        raise InvalidRule(
            _("The rule is longer than %(n)s characters."),
            code="rule_longer_characters",
            params={"n": MAX_LENGTH},
        )
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise InvalidRule(
            _("The rule “%(rule)s” cannot be read near character %(col)s."),
            code="rule_read_near_character",
            params={"rule": text, "col": (exc.offset or 0)},
        ) from exc
    names: set[str] = set()
    params: set[str] = set()
    _check(tree, text, names, params)
    if known_names is not None:
        unknown = sorted(names - set(known_names) - set(BUILTINS))
        if unknown:
            raise InvalidRule(
                _("The rule “%(rule)s” uses %(names)s, which is not a question of this version."),
                code="rule_uses_question_version",
                params={"rule": text, "names": ", ".join(unknown)},
            )
    if known_params is not None:
        unknown = sorted(params - set(known_params))
        if unknown:
            raise InvalidRule(
                _("The rule “%(rule)s” uses the parameter %(names)s, which this version does not define."),
                code="rule_uses_parameter_version",
                params={"rule": text, "names": ", ".join(unknown)},
            )
    return Rule(source=text, tree=tree, names=frozenset(names), params=frozenset(params))


def _invalid(text: str, what: str) -> InvalidRule:
    return InvalidRule(
        _("The rule “%(rule)s” uses %(what)s, which the rule language does not allow."),
        code="rule_uses_rule_language",
        params={"rule": text, "what": what},
    )


def _check(node: ast.AST, text: str, names: set[str], params: set[str]) -> None:  # noqa: C901
    match node:
        case ast.BoolOp(values=values):
            for v in values:
                _check(v, text, names, params)
        case ast.UnaryOp(op=ast.Not() | ast.USub(), operand=operand):
            _check(operand, text, names, params)
        case ast.BinOp(left=left, op=op, right=right) if type(op) in _ARITH:
            _check(left, text, names, params)
            _check(right, text, names, params)
        case ast.Compare(
            left=left, ops=[ast.In() | ast.NotIn()], comparators=[ast.Tuple(elts=elts) | ast.List(elts=elts)]
        ):
            _check(left, text, names, params)
            for e in elts:
                if not isinstance(e, ast.Constant) or isinstance(e.value, bytes):
                    raise _invalid(text, "a non-literal list")
        case ast.Compare(left=left, ops=ops, comparators=comparators) if all(
            type(o) in _COMPARE for o in ops
        ):
            _check(left, text, names, params)
            for c in comparators:
                _check(c, text, names, params)
        case ast.Name(id=name):
            if name == "param":
                raise _invalid(text, "param without a name")
            names.add(name)
        case ast.Attribute(value=ast.Name(id="param"), attr=attr):
            params.add(attr)
        case ast.Constant(value=value) if isinstance(value, bool | int | float | str) and value is not None:
            pass
        case _:
            raise _invalid(text, type(node).__name__)


# --- Python evaluation (one household or person) -------------------------------------------------


def evaluate(rule: Rule, values: Mapping[str, Any], params: Mapping[str, Any]) -> Any:
    """The rule's value for one row; None when an answer it needs is missing."""
    return _eval(rule.tree, values, params)


def _eval(node: ast.AST, v: Mapping[str, Any], p: Mapping[str, Any]) -> Any:  # noqa: C901
    match node:
        case ast.BoolOp(op=ast.And(), values=values):
            results = [_eval(x, v, p) for x in values]
            if any(r is False for r in results):
                return False
            return None if any(r is None for r in results) else True
        case ast.BoolOp(op=ast.Or(), values=values):
            results = [_eval(x, v, p) for x in values]
            if any(r is True for r in results):
                return True
            return None if any(r is None for r in results) else False
        case ast.UnaryOp(op=ast.Not(), operand=operand):
            r = _eval(operand, v, p)
            return None if r is None else not r
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            r = _eval(operand, v, p)
            return None if r is None else -r
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _eval(left, v, p), _eval(right, v, p)
            if a is None or b is None:
                return None
            if isinstance(op, ast.Div):
                return None if b == 0 else a / b
            return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}[type(op)]
        case ast.Compare(
            left=left,
            ops=[ast.In() | ast.NotIn() as op],
            comparators=[ast.Tuple(elts=elts) | ast.List(elts=elts)],
        ):
            a = _eval(left, v, p)
            if a is None:
                return None
            inside = a in [e.value for e in elts]  # type: ignore[attr-defined]
            return inside if isinstance(op, ast.In) else not inside
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            a = _eval(left, v, p)
            result: Any = True
            for op, c in zip(ops, comparators, strict=True):
                b = _eval(c, v, p)
                if a is None or b is None:
                    return None
                ok = _PY_COMPARE[type(op)](a, b)
                if not ok:
                    return False
                a = b
            return result
        case ast.Name(id=name):
            return v.get(name)
        case ast.Attribute(attr=attr):
            return p.get(attr)
        case ast.Constant(value=value):
            return value
    raise TypeError(type(node).__name__)


_PY_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


# --- Ibis (set-based evaluation) -----------------------------------------------------------------


def to_ibis(rule: Rule, table: Any, params: Mapping[str, Any]) -> Any:  # noqa: C901
    """The rule as an Ibis expression over a table whose columns are the names the rule uses."""
    import ibis

    def conv(node: ast.AST) -> Any:  # noqa: C901
        match node:
            case ast.BoolOp(op=ast.And(), values=values):
                out = conv(values[0])
                for x in values[1:]:
                    out = out & conv(x)
                return out
            case ast.BoolOp(op=ast.Or(), values=values):
                out = conv(values[0])
                for x in values[1:]:
                    out = out | conv(x)
                return out
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return ~conv(operand)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -conv(operand)
            case ast.BinOp(left=left, op=op, right=right):
                a, b = conv(left), conv(right)
                if isinstance(op, ast.Div):
                    return a.cast("float64") / ibis.ifelse(b == 0, ibis.null(), b).cast("float64")
                return {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b}[type(op)]()
            case ast.Compare(
                left=left,
                ops=[ast.In() | ast.NotIn() as op],
                comparators=[ast.Tuple(elts=elts) | ast.List(elts=elts)],
            ):
                expr = conv(left).isin([e.value for e in elts])  # type: ignore[attr-defined]
                return expr if isinstance(op, ast.In) else ~expr
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                a = conv(left)
                out = None
                for op, c in zip(ops, comparators, strict=True):
                    b = conv(c)
                    term = _IBIS_COMPARE[type(op)](a, b)
                    out = term if out is None else out & term
                    a = b
                return out
            case ast.Name(id=name):
                return table[name]
            case ast.Attribute(attr=attr):
                return ibis.literal(params[attr])
            case ast.Constant(value=value):
                return ibis.literal(value)
        raise TypeError(type(node).__name__)

    return conv(rule.tree)


_IBIS_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


# --- XLSForm XPath -------------------------------------------------------------------------------


def to_xpath(  # noqa: C901
    rule: Rule,
    *,
    types: Mapping[str, str],
    params: Mapping[str, Any],
    builtins: Mapping[str, str] | None = None,
) -> str:
    """The rule as an XLSForm formula: ${name} references, yes/no questions compared with '1'."""
    builtins = builtins or {}

    def name_ref(name: str) -> str:
        return builtins.get(name, "${" + name + "}")

    def literal(value: Any) -> str:
        if isinstance(value, bool):
            return "'1'" if value else "'0'"
        if isinstance(value, str):
            return "'" + value.replace("'", "") + "'"
        return repr(value)

    def conv(node: ast.AST, top: bool = False) -> str:  # noqa: C901
        match node:
            case ast.BoolOp(op=op, values=values):
                word = " and " if isinstance(op, ast.And) else " or "
                inner = word.join(conv(x) for x in values)
                return inner if top else f"({inner})"
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return f"not({conv(operand, True)})"
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return f"-{conv(operand)}"
            case ast.BinOp(left=left, op=op, right=right):
                sym = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "div"}[type(op)]
                return f"({conv(left)} {sym} {conv(right)})"
            case ast.Compare(
                left=left,
                ops=[ast.In() | ast.NotIn() as op],
                comparators=[ast.Tuple(elts=elts) | ast.List(elts=elts)],
            ):
                a = conv(left)
                inner = " or ".join(f"{a} = {literal(e.value)}" for e in elts)  # type: ignore[attr-defined]
                return f"({inner})" if isinstance(op, ast.In) else f"not({inner})"
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                parts = []
                a = left
                for op, c in zip(ops, comparators, strict=True):
                    sym = {
                        ast.Eq: "=",
                        ast.NotEq: "!=",
                        ast.Lt: "<",
                        ast.LtE: "<=",
                        ast.Gt: ">",
                        ast.GtE: ">=",
                    }[type(op)]
                    parts.append(f"{conv(a)} {sym} {conv(c)}")
                    a = c
                inner = " and ".join(parts)
                return inner if top or len(parts) == 1 else f"({inner})"
            case ast.Name(id=name):
                if types.get(name) == "yes_no":
                    return f"{name_ref(name)} = '1'"
                return name_ref(name)
            case ast.Attribute(attr=attr):
                return literal(params[attr])
            case ast.Constant(value=value):
                return literal(value)
        raise TypeError(type(node).__name__)

    return conv(rule.tree, True)
