"""A guard against tests that cannot fail: a static check, with Python's ast and tokenize, of every tests/test_*.py.

A test is what pytest collects: a module-level ``test_*`` function, or a ``test_*`` method of a ``Test*`` class
(parametrised ones included). The guard rejects a test unless both hold:

1. It checks something. Its body, with the nested functions it uses, holds an ``assert`` statement; a
   ``pytest.raises``, ``pytest.warns`` or ``pytest.deprecated_call`` (as a context or a call); a ``pytest.fail``;
   a ``raise AssertionError(...)`` or of a subclass of it defined in tests/; a qtbot ``waitSignal``,
   ``waitSignals``, ``waitUntil``, ``waitCallback`` or ``assertNotEmitted`` (on any object: the names are qtbot's
   own); a call of any ``assert*`` function or method (``np.testing.assert_allclose``, ``mock.assert_called_once``);
   or a call of a helper that does, followed transitively. A helper is a function of the same module, one imported
   from a module in tests/ (conftest.py and helper modules), or a method of a class of those modules called on
   ``self``, on an instance the test makes (``Monkey(window, seed).run(100)``) or as its constructor.

2. None of its asserts is vacuous, nor any assert in conftest.py or in a helper module a test imports:
   - always true, whatever the code does: a truthy constant, a non-empty tuple (``assert (x, "why")``), an ``or``
     with an always-true operand (``x or True``), an ``and`` of always-true operands, ``not`` of an always-false one;
   - a comparison of two literals (``1 == 1``, ``"a" in "abc"``) or of an expression with itself (``a == a``,
     ``np.array_equal(a, a)``, ``a == pytest.approx(a)``); an expression holding a call is never "itself":
     ``digest(x) == digest(x)`` checks that the code is deterministic;
   - it reads no value the code under test could have made: every name in it is a builtin, or was bound only to
     literals by the test (or its module) and never handed to anything that could change it. The code's are:
     fixtures, imported names, names bound from calls, loop variables over such values, names assigned under a
     condition on such values or inside a ``try``, names passed to a call, mutated by a method or rebound or stored
     into by a nested function (a callback), and parameters, except ones parametrised with literals only (those are
     the test's own data). Where a name's origin is unclear, it counts as the code's: the rule errs towards passing;
   - it puts an ``and`` inside an ``or`` without parentheses (``a and b or c``). ast cannot see parentheses, so the
     tokens before the ``and`` decide. The slip is an assert that also passes on the ``or``'s other side.
   A ``qtbot.waitUntil(lambda: ...)`` condition is held to the first three of these too.

Deliberately not rejected: ``isinstance(x, T)``, ``x is not None``, ``len(x) > 0`` and hard-coded counts. Each can
fail when the code returns something else, so none is vacuous; whether one is strong enough needs a reader who knows
what the code should return, which an ast cannot be.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import io
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
BUILTIN_NAMES = frozenset(dir(builtins))
PYTEST_CHECKS = frozenset({"raises", "warns", "deprecated_call", "fail"})
QTBOT_CHECKS = frozenset({"waitSignal", "waitSignals", "waitUntil", "waitCallback", "assertNotEmitted"})
EQUALITY_FUNCTIONS = frozenset({"array_equal", "array_equiv", "allclose", "isclose", "assert_allclose", "assert_equal",
                                "assert_array_equal", "assert_array_almost_equal", "assert_almost_equal"})
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.where}: {self.problem}"


# --- Which values the code under test could have made -------------------------------------------------------------

class Scope:
    """The names one function (or module) binds, each either the code's ('live') or the test's own literal data."""

    def __init__(self, parent: Scope | None, bound: set[str], live: set[str]):
        self.parent, self.bound, self.live = parent, bound, live

    def is_live(self, name: str) -> bool:
        if name in self.bound:
            return name in self.live
        if self.parent is not None:
            return self.parent.is_live(name)
        return name not in BUILTIN_NAMES  # an unknown name (a star import, an injected global) counts as the code's


def is_pytest_param(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "param"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "pytest")


def depends(node: ast.AST | None, scope: Scope) -> bool:
    """Whether the expression reads a value the code under test could have made."""
    if node is None:
        return False
    if isinstance(node, ast.Name):
        return scope.is_live(node.id)
    if is_pytest_param(node):  # pytest.param(values..., id=..., marks=...): only the values are data
        return any(depends(arg, scope) for arg in node.args)
    if isinstance(node, ast.Lambda):
        names = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        return depends(node.body, Scope(scope, names, set(names)))
    if isinstance(node, COMPREHENSIONS):
        inner = Scope(scope, set(), set())
        found = False
        for generator in node.generators:
            from_code = depends(generator.iter, inner)
            found |= from_code
            for name in target_names(generator.target):
                inner.bound.add(name)
                if from_code:
                    inner.live.add(name)
            found |= any(depends(condition, inner) for condition in generator.ifs)
        parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        return found or any(depends(part, inner) for part in parts)
    return any(depends(child, scope) for child in ast.iter_child_nodes(node))


def target_names(target: ast.AST) -> list[str]:
    """The names an assignment target binds (not the containers it stores into)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in target_names(element)]
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return []


def root_name(node: ast.AST) -> str | None:
    """x for x, x.a, x[k], x.a[k].b: the variable a store or a method call reaches."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class Bindings:
    """Flow-insensitive: a name is live if any binding of it is, iterated to a fixed point."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.changed = False

    def bind(self, name: str, live: bool) -> None:
        self.scope.bound.add(name)
        if live and name not in self.scope.live:
            self.scope.live.add(name)
            self.changed = True

    def escape(self, node: ast.AST) -> None:
        """Names handed to a call, mutated by a method, or declared nonlocal or stored into by a nested function, may
        be changed by code."""
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Global, ast.Nonlocal)):
                for name in sub.names:
                    self.bind_if_local(name)
            elif isinstance(sub, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and sub is not node:  # a nested one
                for target in sub.targets if isinstance(sub, ast.Assign) else [sub.target]:
                    if not isinstance(target, ast.Name) and (name := root_name(target)):
                        self.bind_if_local(name)
            elif isinstance(sub, ast.Call) and not self.is_builtin_call(sub):
                for arg in [*sub.args, *(k.value for k in sub.keywords)]:
                    for name in (n.id for n in ast.walk(arg) if isinstance(n, ast.Name)):
                        self.bind_if_local(name)
                if isinstance(sub.func, ast.Attribute) and (name := root_name(sub.func.value)):
                    self.bind_if_local(name)

    def bind_if_local(self, name: str) -> None:
        if name in self.scope.bound:
            self.bind(name, True)

    def is_builtin_call(self, call: ast.Call) -> bool:
        return isinstance(call.func, ast.Name) and not self.scope.is_live(call.func.id)

    def walk_expressions(self, node: ast.AST, control: bool) -> None:
        for sub in ast.walk(node):
            if isinstance(sub, ast.NamedExpr):
                self.bind(sub.target.id, control or depends(sub.value, self.scope))

    def run(self, statements: list[ast.stmt], control: bool) -> None:
        for statement in statements:
            self.statement(statement, control)

    def statement(self, node: ast.stmt, control: bool) -> None:
        """Bind the names the statement binds; control: whether it runs only on a condition the code decides."""
        def live(expr: ast.AST) -> bool:
            return control or depends(expr, self.scope)

        if isinstance(node, ast.Assert):
            self.walk_expressions(node, control)
            return
        if isinstance(node, (*FUNCTIONS, ast.ClassDef)):
            self.bind(node.name, True)
            self.escape(node)
            return
        for part in ("test", "iter", "value", "subject", "exc"):
            if isinstance(getattr(node, part, None), ast.AST):
                self.escape(getattr(node, part))
                self.walk_expressions(getattr(node, part), control)
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            from_code = node.value is not None and live(node.value)
            for target in targets:
                for name in target_names(target):
                    self.bind(name, from_code)
                stored_into = not isinstance(target, (ast.Name, ast.Tuple, ast.List)) and root_name(target)
                if stored_into and (from_code or depends(target, self.scope)):  # x[k] = value, x.a = value
                    self.bind_if_local(stored_into)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            from_code = live(node.iter)
            for name in target_names(node.target):
                self.bind(name, from_code)
            self.run(node.body + node.orelse, from_code)
        elif isinstance(node, (ast.While, ast.If)):
            self.run(node.body + node.orelse, live(node.test))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            inner = control
            for item in node.items:
                self.escape(item.context_expr)
                inner |= depends(item.context_expr, self.scope)
                for name in target_names(item.optional_vars) if item.optional_vars else []:
                    self.bind(name, live(item.context_expr))
            self.run(node.body, inner)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            self.run(node.body + node.orelse, True)  # what runs after a raise depends on the code
            for handler in node.handlers:
                if handler.name:
                    self.bind(handler.name, True)
                self.run(handler.body, True)
            self.run(node.finalbody, control)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                for name in (n.name for n in ast.walk(case.pattern) if getattr(n, "name", None)):
                    self.bind(name, True)
                self.run(case.body, live(node.subject))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self.bind((alias.asname or alias.name).split(".")[0], True)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                self.bind(name, True)


def literal_params(function: ast.FunctionDef, decorators: list[ast.expr], module: Scope) -> set[str]:
    """The parameters a pytest.mark.parametrize fills with literals only: the test's own data."""
    names: set[str] = set()
    for decorator in decorators:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "parametrize" and len(decorator.args) >= 2):
            continue
        if any(k.arg == "indirect" for k in decorator.keywords):
            continue
        argnames, argvalues = decorator.args[:2]
        if isinstance(argnames, ast.Constant) and isinstance(argnames.value, str):
            listed = [n.strip() for n in argnames.value.split(",") if n.strip()]
        elif isinstance(argnames, (ast.Tuple, ast.List)):
            listed = [e.value for e in argnames.elts if isinstance(e, ast.Constant)]
        else:
            continue
        if not depends(argvalues, module):
            names.update(listed)
    return names


def settled(scope: Scope, statements: list[ast.stmt]) -> Scope:
    """The scope with each name it binds decided. The first round finds every name bound here; the second decides
    them knowing all of them, so an outer name a later line shadows is never read for a local one."""
    live_at_start = set(scope.live)
    for _ in range(2):
        scope.live = set(live_at_start)
        bindings = Bindings(scope)
        bindings.changed = True
        while bindings.changed:
            bindings.changed = False
            bindings.run(statements, False)
    return scope


def function_scope(function: ast.FunctionDef, parent: Scope, data_params: set[str] = frozenset()) -> Scope:
    params = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    return settled(Scope(parent, set(params), params - data_params), function.body)


def module_scope(tree: ast.Module) -> Scope:
    return settled(Scope(None, set(), set()), tree.body)


# --- Asserts that cannot fail ---------------------------------------------------------------------------------------

def is_literal(node: ast.AST) -> bool:
    """Whether the expression is made of literals only (1, -2.5, "a", (1, "b"), {1: None})."""
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def has_call(node: ast.AST) -> bool:
    return any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)) for n in ast.walk(node))


def same(a: ast.AST, b: ast.AST) -> bool:
    return not has_call(a) and ast.dump(a) == ast.dump(b)


def literal_comparison(node: ast.Compare) -> bool | None:
    """The outcome of a comparison of literals, or None if it compares anything else."""
    operands = [node.left, *node.comparators]
    if not all(is_literal(o) for o in operands):
        return None
    try:
        return bool(eval(compile(ast.Expression(node), "<literal>", "eval"), {"__builtins__": {}}))
    except Exception:  # noqa: BLE001 - a comparison of literals that raises (1 < "a") is still not a test
        return False


def always_true(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return bool(node.value)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(not isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(key is not None for key in node.keys)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and v.value for v in node.values)
    if isinstance(node, ast.Lambda):
        return True
    if isinstance(node, ast.BoolOp):
        test = any if isinstance(node.op, ast.Or) else all
        return test(always_true(v) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return always_false(node.operand)
    if isinstance(node, ast.Compare):
        return literal_comparison(node) is True or (len(node.ops) == 1 and same(node.left, node.comparators[0])
                                                    and isinstance(node.ops[0], (ast.Eq, ast.Is, ast.LtE, ast.GtE)))
    if isinstance(node, ast.IfExp):
        return always_true(node.body) and always_true(node.orelse)
    if isinstance(node, ast.NamedExpr):
        return always_true(node.value)
    return False


def always_false(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return not node.value
    if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
        return not (node.keys if isinstance(node, ast.Dict) else node.elts)
    if isinstance(node, ast.BoolOp):
        test = all if isinstance(node.op, ast.Or) else any
        return test(always_false(v) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return always_true(node.operand)
    if isinstance(node, ast.Compare):
        return literal_comparison(node) is False
    return False


def call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def self_comparisons(expr: ast.AST) -> list[str]:
    """Comparisons of an expression with itself, and of literals with literals, anywhere in an assert."""
    found = []
    for node in ast.walk(expr):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if literal_comparison(node) is not None:
                found.append(f"compares literals only ({ast.unparse(node)})")
            elif any(same(a, b) for a, b in zip(operands, operands[1:])):
                found.append(f"compares an expression with itself ({ast.unparse(node)})")
            elif any(isinstance(b, ast.Call) and call_name(b) == "approx" and b.args and same(a, b.args[0])
                     for a, b in zip(operands, operands[1:])):
                found.append(f"compares an expression with itself ({ast.unparse(node)})")
        elif isinstance(node, ast.Call) and call_name(node) in EQUALITY_FUNCTIONS and len(node.args) >= 2:
            if same(node.args[0], node.args[1]):
                found.append(f"compares an expression with itself ({ast.unparse(node)})")
    return found


class Tokens:
    """The module's significant tokens, to see the parentheses ast drops."""

    def __init__(self, source: str):
        skip = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skip]
        self.starts = [t.start for t in tokens]
        self.tokens = tokens
        self.source = source

    def text(self, node: ast.AST) -> str:
        """The node's source as written, parentheses and all, on one line."""
        return " ".join((ast.get_source_segment(self.source, node) or ast.unparse(node)).split())

    def before(self, line: int, col: int) -> tokenize.TokenInfo | None:
        index = bisect.bisect_left(self.starts, (line, col)) - 1
        return self.tokens[index] if index >= 0 else None


def unparenthesised_and_in_or(expr: ast.AST, tokens: Tokens) -> list[str]:
    found = []
    for node in ast.walk(expr):
        if not (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or)):
            continue
        for operand in node.values:
            if isinstance(operand, ast.BoolOp) and isinstance(operand.op, ast.And):
                previous = tokens.before(operand.lineno, operand.col_offset)
                opened = (previous is not None and previous.string == "("
                          and previous.start >= (node.lineno, node.col_offset))
                if not opened:
                    found.append(f"'and' inside 'or' without parentheses ({tokens.text(node)})")
    return found


def assert_problems(test: ast.expr, scope: Scope, tokens: Tokens) -> list[str]:
    if always_true(test):
        return [f"always true ({ast.unparse(test)})"]
    problems = self_comparisons(test) + unparenthesised_and_in_or(test, tokens)
    if not problems and not depends(test, scope):
        problems.append(f"reads nothing the code under test made ({ast.unparse(test)})")
    return problems


# --- Whether a test checks anything ---------------------------------------------------------------------------------

@dataclass(eq=False)  # hashed by identity: a class context is (module, class name)
class Module:
    path: str
    tree: ast.Module
    tokens: Tokens
    scope: Scope
    functions: dict[str, ast.FunctionDef]
    class_nodes: dict[str, ast.ClassDef]
    classes: dict[str, dict[str, ast.FunctionDef]]  # each class's methods
    imported: dict[str, tuple[str, str | None]]  # local name -> (module stem, its function's name or None)

    @classmethod
    def parse(cls, source: str, path: str) -> Module:
        tree = ast.parse(source)
        functions = {n.name: n for n in tree.body if isinstance(n, FUNCTIONS)}
        class_nodes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        classes = {name: {m.name: m for m in n.body if isinstance(m, FUNCTIONS)} for name, n in class_nodes.items()}
        return cls(path, tree, Tokens(source), module_scope(tree), functions, class_nodes, classes,
                   sibling_imports(tree))


def sibling_imports(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """What the module imports from a module beside it (helpers, tests.helpers, .helpers): a function, by the name
    it is bound to, or the module itself (function None)."""
    imported: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            parts = node.module.split(".") if node.module else []
            if node.level == 0 and parts[:1] == ["tests"]:
                parts = parts[1:]
            elif (node.level == 0 and len(parts) != 1) or node.level > 1:
                continue
            if len(parts) > 1:
                continue
            for alias in node.names:
                bound = alias.asname or alias.name
                imported[bound] = (parts[0], alias.name) if parts else (alias.name, None)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if len(parts) == 1 or (len(parts) == 2 and parts[0] == "tests" and alias.asname):
                    imported[alias.asname or alias.name] = (parts[-1], None)
    return imported


Context = tuple[Module, str] | None  # the class whose method is being read (for self.method()), if any


class Checker:
    """Findings for the tests of some modules, with helpers resolved in them and in the helper modules."""

    def __init__(self, modules: dict[str, Module], helper_stems: set[str]):
        self.modules, self.helper_stems = modules, helper_stems
        self.checking_memo: dict[int, bool] = {}

    def imported(self, module: Module, name: str, attribute: str | None = None) -> tuple[Module, str] | None:
        """The helper module and the name in it that a name (or module.attribute) of this module stands for."""
        stem, imported_name = module.imported.get(name, (None, None))
        if attribute is not None:
            stem, imported_name = (stem, attribute) if imported_name is None else (None, None)
        if stem in self.helper_stems and imported_name is not None:
            return self.modules[stem], imported_name
        return None

    def helper_class(self, expr: ast.AST, module: Module) -> Context:
        """The class of tests/ that the expression names (Monkey, monkey.Monkey), if any."""
        if isinstance(expr, ast.Name):
            found = (module, expr.id) if expr.id in module.class_nodes else self.imported(module, expr.id)
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            found = self.imported(module, expr.value.id, expr.attr)
        else:
            return None
        return found if found and found[1] in found[0].class_nodes else None

    def method(self, context: Context, name: str, looked: frozenset = frozenset()) -> tuple | None:
        """The method a call of `name` on an instance of the class runs: its own, or a base's in its module."""
        if context is None or context in looked:
            return None
        module, cls = context
        members = module.classes.get(cls, {})
        if name in members:
            return module, members[name], context
        for base in module.class_nodes[cls].bases:
            found = self.method(self.helper_class(base, module), name, looked | {context})
            if found:
                return found
        return None

    def instances(self, function: ast.FunctionDef, module: Module) -> dict[str, Context]:
        """Names the function binds to a new instance of a class of tests/ (monkey = Monkey(window, seed))."""
        bound = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                context = self.helper_class(node.value.func, module)
                bound.update({name: context for t in node.targets for name in target_names(t) if context})
            elif isinstance(node, ast.withitem) and isinstance(node.context_expr, ast.Call) and node.optional_vars:
                context = self.helper_class(node.context_expr.func, module)
                bound.update({name: context for name in target_names(node.optional_vars) if context})
        return bound

    def resolve(self, call: ast.Call, module: Module, context: Context, instances: dict[str, Context]):
        """(module, function, class context) of the helper a call runs, or None if it runs no function of tests/."""
        func = call.func
        if isinstance(func, ast.Attribute):
            receiver = func.value
            if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
                return self.method(context, func.attr)
            if isinstance(receiver, ast.Name) and receiver.id in instances:
                return self.method(instances[receiver.id], func.attr)
            if isinstance(receiver, ast.Call) and (made := self.helper_class(receiver.func, module)):
                return self.method(made, func.attr)  # Monkey(window, seed).run(100)
            if isinstance(receiver, ast.Name) and (found := self.imported(module, receiver.id, func.attr)):
                helper, name = found  # helpers.check(...)
                return (helper, helper.functions[name], None) if name in helper.functions else None
            return None
        if not isinstance(func, ast.Name):
            return None
        if (made := self.helper_class(func, module)) is not None:
            return self.method(made, "__init__")
        if func.id in module.functions:
            return module, module.functions[func.id], None
        found = self.imported(module, func.id)
        if found and found[1] in found[0].functions:
            return found[0], found[0].functions[found[1]], None
        return None

    def raises_a_failure(self, node: ast.Raise, module: Module) -> bool:
        """raise AssertionError(...), or a class of tests/ derived from it (class Failure(AssertionError))."""
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(exc, ast.Name) and exc.id == "AssertionError":
            return True
        context = self.helper_class(exc, module) if exc is not None else None
        looked = set()
        while context is not None and context not in looked:
            looked.add(context)
            bases = context[0].class_nodes[context[1]].bases
            if any(isinstance(b, ast.Name) and b.id == "AssertionError" for b in bases):
                return True
            context = next((c for c in (self.helper_class(b, context[0]) for b in bases) if c), None)
        return False

    def is_check(self, node: ast.AST, module: Module, context: Context, instances, seen: set[int]) -> bool:
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Raise):
            return self.raises_a_failure(node, module)
        if not isinstance(node, ast.Call):
            return False
        helper = self.resolve(node, module, context, instances)
        if helper is not None:
            return self.checks(helper[1], helper[0], helper[2], seen)
        name = call_name(node)
        pytest_call = (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                       and node.func.value.id == "pytest" and name in PYTEST_CHECKS)
        return bool(pytest_call or name in QTBOT_CHECKS or (name and name.lower().startswith("assert")))

    def checks(self, function: ast.FunctionDef, module: Module, context: Context, seen: set[int]) -> bool:
        """Whether running the function runs a check: its own, a used nested function's, or a helper's."""
        if id(function) in self.checking_memo:
            return self.checking_memo[id(function)]
        if id(function) in seen:
            return False  # recursion: the first call decides
        seen = seen | {id(function)}
        nested = {n.name: n for n in ast.walk(function) if isinstance(n, FUNCTIONS) and n is not function}
        used = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        instances = self.instances(function, module)
        result = any(self.is_check(node, module, context, instances, seen) for node in own_nodes(function))
        result = result or any(self.checks(n, module, context, seen) for name, n in nested.items() if name in used)
        if result or len(seen) == 1:  # a False found while a caller is still open may be cut short by recursion
            self.checking_memo[id(function)] = result
        return result

    def findings(self, stem: str) -> list[Finding]:
        module = self.modules[stem]
        found = []
        for where, function, cls, decorators in functions_of(module.tree):
            is_test = where.split(".")[-1].startswith("test_") and (cls is None or cls.startswith("Test"))
            data_params = literal_params(function, decorators, module.scope) if is_test else set()
            found += self.vacuous(function, module, where, module.scope, data_params)
            if is_test and not self.checks(function, module, (module, cls) if cls else None, set()):
                found.append(Finding(module.path, function.lineno, where, "checks nothing (no assert, raises, "
                                     "waitUntil/waitSignal or asserting helper)"))
        return found

    def vacuous(self, function, module: Module, where: str, parent: Scope, data_params=frozenset()) -> list[Finding]:
        scope = function_scope(function, parent, data_params)
        found = []
        for node in own_nodes(function):
            if isinstance(node, ast.Assert):
                found += [Finding(module.path, node.lineno, where, problem)
                          for problem in assert_problems(node.test, scope, module.tokens)]
            elif (isinstance(node, ast.Call) and call_name(node) == "waitUntil" and node.args
                  and isinstance(node.args[0], ast.Lambda) and not node.args[0].args.args):
                condition = node.args[0].body
                if always_true(condition) or self_comparisons(condition) or not depends(condition, scope):
                    found.append(Finding(module.path, node.lineno, where,
                                         f"waits for a condition that cannot fail ({ast.unparse(condition)})"))
            elif isinstance(node, FUNCTIONS):
                found += self.vacuous(node, module, f"{where}.{node.name}", scope)
        return found


def own_nodes(function: ast.FunctionDef):
    """The function's nodes, its nested functions themselves but not their bodies (they are checked on their own)."""
    stack = list(reversed(function.body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, FUNCTIONS):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def functions_of(tree: ast.Module):
    """(name, function, class name, decorators incl. the class's) for each module-level function and method."""
    for node in tree.body:
        if isinstance(node, FUNCTIONS):
            yield node.name, node, None, node.decorator_list
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, FUNCTIONS):
                    yield f"{node.name}.{member.name}", member, node.name, node.decorator_list + member.decorator_list


def check_folder(folder: Path) -> list[Finding]:
    """Findings for every test_*.py in the folder, for conftest.py, and for each module beside them that they import
    (their helpers); a module nothing imports (a scratch file) is left alone."""
    def load(stem: str) -> Module:
        return Module.parse((folder / f"{stem}.py").read_text(encoding="utf-8"), f"{folder.name}/{stem}.py")

    wanted = [path.stem for path in sorted(folder.glob("test_*.py"))]
    wanted += ["conftest"] if (folder / "conftest.py").exists() else []
    modules: dict[str, Module] = {}
    while wanted:
        stem = wanted.pop(0)
        if stem not in modules:
            modules[stem] = load(stem)
            wanted += [s for s, _ in modules[stem].imported.values() if (folder / f"{s}.py").is_file()]
    checker = Checker(modules, {stem for stem in modules if not stem.startswith("test_")})
    return [finding for stem in modules for finding in checker.findings(stem)]


def check_source(source: str, helpers: dict[str, str] | None = None) -> list[Finding]:
    """Findings for one test module's source; helpers maps a helper module's stem to its source."""
    modules = {"test_snippet": Module.parse(textwrap.dedent(source), "test_snippet.py")}
    for stem, text in (helpers or {}).items():
        modules[stem] = Module.parse(textwrap.dedent(text), f"{stem}.py")
    return Checker(modules, set(helpers or {})).findings("test_snippet")


# --- The guard, and the checker's own tests ------------------------------------------------------------------------

def test_every_test_in_the_suite_checks_something_the_code_does():
    findings = check_folder(TESTS_DIR)
    assert not findings, "\n".join(map(str, findings))


def problems(source: str, **helpers: str) -> list[str]:
    return [finding.problem for finding in check_source(source, helpers)]


def test_a_test_that_asserts_on_the_code_passes():
    assert problems("""
        from project import area

        def test_area():
            assert area(2, 3) == 6
        """) == []


def test_a_test_without_a_check_is_rejected():
    assert problems("""
        from project import area

        def test_area():
            area(2, 3)
        """) == ["checks nothing (no assert, raises, waitUntil/waitSignal or asserting helper)"]


def test_a_constant_assert_is_rejected():
    found = problems("""
        def test_truth():
            assert True
        """)
    assert found == ["always true (True)"]


@pytest.mark.parametrize("expression, problem", [
    ("1 == 1", "always true (1 == 1)"),
    ("(area(2, 3), 'a tuple is always true')", "always true ((area(2, 3), 'a tuple is always true'))"),
    ("area(2, 3) or True", "always true (area(2, 3) or True)"),
    ("area(2, 3) == 6 or 'x' in 'xyz'", "always true (area(2, 3) == 6 or 'x' in 'xyz')"),
    ("area(2, 3) == 6 and 1 == 2", "compares literals only (1 == 2)"),
    ("shape == shape", "always true (shape == shape)"),
    ("shape.size == shape.size", "always true (shape.size == shape.size)"),
    ("np.array_equal(shape, shape)", "compares an expression with itself (np.array_equal(shape, shape))"),
    ("shape.size == pytest.approx(shape.size)", "compares an expression with itself "
                                               "(shape.size == pytest.approx(shape.size))"),
    ("shape.size > 0 and shape.ok or shape.empty", "'and' inside 'or' without parentheses "
                                                   "(shape.size > 0 and shape.ok or shape.empty)"),
    ("(shape.ok or shape.size > 0 and shape.empty)", "'and' inside 'or' without parentheses "
                                                     "(shape.ok or shape.size > 0 and shape.empty)"),
])
def test_an_assert_that_cannot_fail_is_rejected(expression, problem):
    source = f"""
        import numpy as np
        import pytest
        from project import area, make_shape

        def test_shape():
            shape = make_shape()
            assert {expression}
        """
    assert problems(source) == [problem]


@pytest.mark.parametrize("expression", [
    "(shape.size > 0 and shape.ok) or shape.empty",
    "shape.size > 0 or (shape.ok and shape.empty)",
    "shape.size > 0 or (  # a comment between\n            shape.ok and shape.empty)",
    "shape.size > 0 and (shape.ok or shape.empty)",
    "area(2, 3) == area(3, 2)",
    "digest(shape) == digest(shape)",
    "np.array_equal(shape.points, shape.points[::-1])",
    "isinstance(shape, tuple)",
])
def test_an_assert_that_can_fail_passes(expression):
    source = f"""
        import numpy as np
        from project import area, digest, make_shape

        def test_shape():
            shape = make_shape()
            assert {expression}
        """
    assert problems(source) == []


def test_an_assert_on_literals_the_test_wrote_itself_is_rejected():
    found = problems("""
        from project import area

        EXPECTED = (2, 3)

        def test_area():
            sides = [2, 3]
            count = len(sides)
            assert area(*sides) == 6
            assert count == len(EXPECTED)
            assert sides[0] + 1 > 2
        """)
    assert found == ["reads nothing the code under test made (count == len(EXPECTED))",
                     "reads nothing the code under test made (sides[0] + 1 > 2)"]


def test_values_the_code_reaches_count_as_the_code_s():
    assert problems("""
        from project import area, connect, cells

        def test_handed_over_mutated_captured_or_set_under_a_condition(window, qtbot):
            seen = []
            connect(seen)
            assert seen == [1]
            changes = []
            window.on_change(lambda change: changes.append(change))
            assert changes
            log = []
            log.append(window.title)
            assert log == ["x"]
            found = False
            for cell in cells():
                if cell > 2:
                    found = True
            assert found
            ok = False
            try:
                area(1, 2)
                ok = True
            except ValueError as error:
                assert "side" in str(error)
            assert ok
            with qtbot.waitSignal(window.changed) as blocker:
                window.change()
            assert blocker.args == [1]
            assert (total := area(1, 1)) == 1 and total > 0
        """) == []


def test_a_local_name_is_judged_by_its_own_bindings_not_a_module_name_it_shadows():
    found = problems("""
        from project import area

        width = area(2, 3)

        def test_widths():
            for step in range(3):
                if step:
                    previous = width  # the last step's, bound below: not the module's
                    assert previous == 4
                width = 4
        """)
    assert found == ["reads nothing the code under test made (previous == 4)"]


def test_a_parameter_counts_as_the_code_s_unless_it_is_parametrised_with_literals():
    found = problems("""
        import pytest
        from project import area, SIDES

        @pytest.mark.parametrize("side, expected", [(1, 1), pytest.param(2, 4, id="two")])
        def test_literal_data(window, side, expected):
            assert side * side == expected
            assert window.area(side) == expected

        @pytest.mark.parametrize("side", SIDES)
        def test_the_code_s_data(side):
            assert side > 0
        """)
    assert found == ["reads nothing the code under test made (side * side == expected)"]


def test_checks_through_helpers_pytest_and_qtbot_count():
    assert problems("""
        import numpy as np
        import pytest
        import helpers as checks
        from helpers import check_shape
        from tests import helpers as shared
        from tests.helpers import check_shape as check_it
        from project import area, make_shape

        def local_check(shape):
            assert shape.size > 0

        def indirect(shape):
            local_check(shape)

        def test_local_helper():
            indirect(make_shape())

        def test_helper_module():
            check_shape(make_shape())

        def test_helper_module_by_attribute():
            checks.check_shape(make_shape())

        def test_helper_module_from_the_tests_package():
            shared.check_shape(make_shape())

        def test_helper_function_from_the_tests_package():
            check_it(make_shape())

        def test_raises():
            with pytest.raises(ValueError):
                area(-1, 2)

        def test_numpy_testing():
            np.testing.assert_allclose(area(2, 3), 6.0)

        def test_qtbot(window, qtbot):
            window.start()
            qtbot.waitUntil(lambda: window.done)

        def test_nested_check_that_is_used(window, qtbot):
            def finished():
                assert window.done
            qtbot.waitUntil(finished)

        class TestArea:
            def check(self, value):
                assert value == 6

            def test_method(self):
                self.check(area(2, 3))
        """, helpers="""
        def check_shape(shape):
            assert shape.size > 0
        """) == []


def test_methods_of_helper_classes_and_raised_assertion_errors_count():
    """A soak test drives a helper object whose methods check, or fail by raising an AssertionError subclass."""
    assert problems("""
        import monkey
        from monkey import Checker, Monkey

        def test_named_instance(window, tmp_path):
            driver = Monkey(window, 1, tmp_path)
            driver.run(100)

        def test_instance_used_at_once(window, tmp_path):
            monkey.Monkey(window, 2, tmp_path).run(100)

        def test_checking_constructor(window):
            Checker(window)

        def test_local_raise(window):
            if window.problems:
                raise AssertionError(window.problems)
        """, monkey="""
        class MonkeyFailure(AssertionError):
            pass

        class Base:
            def fail(self, reason):
                raise MonkeyFailure(reason)

        class Monkey(Base):
            def __init__(self, window, seed, folder):
                self.window = window

            def run(self, count):
                for _ in range(count):
                    self.step()

            def step(self):
                if self.window.broken:
                    self.fail("broken")

        class Checker:
            def __init__(self, window):
                assert window.ok
        """) == []


def test_methods_and_raises_that_check_nothing_do_not_count():
    found = problems("""
        from monkey import Monkey

        def test_method_without_a_check(window, tmp_path):
            Monkey(window, 1, tmp_path).run(100)

        def test_a_raise_that_is_not_a_test_failure(window):
            if not window.ready:
                raise RuntimeError("not ready")
        """, monkey="""
        class Monkey:
            def __init__(self, window, seed, folder):
                self.window = window

            def run(self, count):
                for _ in range(count):
                    self.window.poke()
        """)
    assert found == ["checks nothing (no assert, raises, waitUntil/waitSignal or asserting helper)"] * 2


def test_helpers_that_check_nothing_do_not_count():
    found = problems("""
        from helpers import show_shape
        from project import make_shape

        def describe(shape):
            return str(shape)

        def test_local_helper():
            describe(make_shape())

        def test_helper_module():
            show_shape(make_shape())

        def test_nested_check_never_called(window):
            def finished():
                assert window.done
            window.start()
        """, helpers="""
        def show_shape(shape):
            print(shape)
        """)
    assert found == ["checks nothing (no assert, raises, waitUntil/waitSignal or asserting helper)"] * 3


def test_a_vacuous_assert_in_a_helper_and_a_vacuous_wait_are_rejected():
    found = problems("""
        from project import make_shape

        def check(shape):
            assert shape or True

        def test_helper(window, qtbot):
            check(make_shape())
            qtbot.waitUntil(lambda: 1 < 2)
        """)
    assert found == ["always true (shape or True)", "waits for a condition that cannot fail (1 < 2)"]
