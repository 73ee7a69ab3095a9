"""Every finding code clay_plugins/ can give, read from the code itself (for the guides' test).

Two sources, so that a new code cannot be missed:

- the content types (`schema.ContentType` declarations in clay_plugins/content/): the codes
  the engine in content/schema.py computes from a declaration (`declared_codes`, which follows
  the engine's rules for naming them);
- every other module of clay_plugins/, read with `ast`: the value given to a parameter or field
  named `code` (of `Finding`, of a helper such as `_error(path, line, column, code, …)`), and the
  strings compared with a finding's `.code`. A value is a string, an f-string, a conditional, or
  a name whose values can be read from the code: a loop over a literal tuple, or a parameter of
  the enclosing function (then the arguments of its calls, anywhere in the package). What
  cannot be read so is listed as unresolved, and the test asks for a literal instead; only
  content/schema.py computes codes, and `declared_codes()` lists those.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import clay_plugins.content
from clay_plugins.content.schema import ContentType
from tests.sitebuild import REPO

PACKAGE = REPO / "clay_plugins"
ENGINE = "clay_plugins/content/schema.py"  # computes the codes declared_codes() lists
CODE = re.compile(r"[a-z]+\.[a-z][a-z0-9_-]*")

Scope = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Scan:
    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # -> where
    unresolved: list[str] = field(default_factory=list)  # "path:line: expression"


def content_types() -> list[ContentType]:
    """The content types declared in the modules of clay_plugins/content/."""
    found: dict[int, ContentType] = {}
    for module in pkgutil.iter_modules(clay_plugins.content.__path__):
        loaded = importlib.import_module(f"clay_plugins.content.{module.name}")
        found.update((id(v), v) for v in vars(loaded).values() if isinstance(v, ContentType))
    return list(found.values())


def all_codes() -> tuple[set[str], list[str]]:
    """Every code, and the code sites whose values cannot be read from the code."""
    scan = scan_package()
    codes = set(scan.codes)
    for kind in content_types():
        codes |= declared_codes(kind)
    return codes, scan.unresolved


def declared_codes(kind: ContentType) -> frozenset[str]:
    """Every code the engine (content/schema.py) can give for this declaration: the type's own
    (`kind.code(...)`), each field's (its `code`, its name, its `missing` when required) and
    each record's and its items'."""
    fields = [*kind.fields, *(f for r in kind.records for f in r.fields)]
    codes = {kind.code(n) for n in ("filename", "language", "orphan-translation",
                                    "untranslated", "unknown-key", "translation-differs")}
    codes |= {f.code or f.name for f in fields} | {f.missing for f in fields if f.required}
    codes |= {x for r in kind.records for x in (r.name, r.item, *(
        f"{r.item}-{s}" for s in ("id", "duplicate", "unknown", "untranslated")))}
    return frozenset({c if "." in c else f"{kind.prefix}.{c}" for c in codes} | (
        {f"{kind.prefix}.{kind.no_frontmatter}"} if kind.no_frontmatter else set()))


class _Package:
    def __init__(self, root: Path) -> None:
        self.parents: dict[ast.AST, ast.AST] = {}
        self.where: dict[ast.AST, str] = {}
        self.calls: dict[str, list[ast.Call]] = defaultdict(list)  # by callee name
        self.code_at: dict[str, set[int]] = defaultdict(set)  # callee -> index of `code`
        self.trees: list[ast.Module] = []
        for file in sorted(root.rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
            shown = file.relative_to(root.parent).as_posix()
            self.trees.append(tree)
            for node in ast.walk(tree):
                self.where[node] = shown
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node
                if isinstance(node, ast.Call) and (name := _callee(node)):
                    self.calls[name].append(node)
        takers: list[tuple[str, int, Scope]] = []  # functions with a parameter `code`
        for tree in self.trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(
                        "dataclass" in ast.unparse(d) for d in node.decorator_list):
                    fields = [s.target.id for s in node.body
                              if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                    if "code" in fields:
                        self.code_at[node.name].add(fields.index("code"))
                elif isinstance(node, Scope) and "code" in (params := _params(node)):
                    takers.append((self._name_of(node), params.index("code"), node))
        # a function takes a finding code when its `code` goes on into one (`language_name(code)`
        # takes a language): into a `code=` argument, another taker's `code`, an attribute `.code`
        while new := [(n, i) for n, i, f in takers if i not in self.code_at[n] and self._gives(f)]:
            for name, index in new:
                self.code_at[name].add(index)

    def _name_of(self, scope: Scope) -> str:
        """The name a function is called by (a class's, for its `__init__`)."""
        owner = self.parents.get(scope)
        if scope.name == "__init__" and isinstance(owner, ast.ClassDef):
            return owner.name
        return scope.name

    def _gives(self, scope: Scope) -> bool:
        for node in ast.walk(scope):
            passed: list[ast.expr] = []
            if isinstance(node, ast.Call):
                passed += [k.value for k in node.keywords if k.arg == "code"]
                passed += [node.args[i] for i in self.code_at.get(_callee(node) or "", ())
                           if i < len(node.args)]
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    both = isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    pairs = (zip(target.elts, node.value.elts, strict=False)  # type: ignore[attr-defined]
                             if both else [(target, node.value)])
                    passed += [v for t, v in pairs
                               if isinstance(t, ast.Attribute) and t.attr == "code"]
            if any(isinstance(v, ast.Name) and v.id == "code" for v in passed):
                return True
        return False

    def sites(self) -> list[ast.expr]:
        """The expressions that give a code."""
        found: list[ast.expr] = []
        for tree in self.trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    found += [k.value for k in node.keywords if k.arg == "code"]
                    found += [node.args[i] for i in self.code_at.get(_callee(node) or "", ())
                              if i < len(node.args)]
                elif isinstance(node, ast.Compare):
                    sides = [node.left, *node.comparators]
                    if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides):
                        found += [s for s in sides if not isinstance(s, ast.Attribute)]
        return found

    def values(self, expr: ast.expr, depth: int = 0) -> set[str] | None:
        """The strings `expr` can be, or None when the code does not say."""
        if depth > 8:
            return None
        if isinstance(expr, ast.Constant):
            return {expr.value} if isinstance(expr.value, str) else None
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            parts = [self.values(e, depth + 1) for e in expr.elts]
            return None if any(p is None for p in parts) else set().union(*parts)  # type: ignore[arg-type]
        if isinstance(expr, ast.JoinedStr):
            pieces = [self.values(v.value if isinstance(v, ast.FormattedValue) else v, depth + 1)
                      for v in expr.values]
            if any(p is None for p in pieces):
                return None
            return {"".join(p) for p in itertools.product(*pieces)}  # type: ignore[arg-type]
        if isinstance(expr, ast.IfExp):
            a, b = self.values(expr.body, depth + 1), self.values(expr.orelse, depth + 1)
            return None if a is None or b is None else a | b
        if isinstance(expr, ast.Attribute) and expr.attr == "code":
            return set()  # a code given elsewhere (a Finding's, an exception's), a site itself
        if isinstance(expr, ast.Name):
            return self._name(expr, depth)
        return None

    def _name(self, name: ast.Name, depth: int) -> set[str] | None:
        node: ast.AST = name
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.For | ast.comprehension):
                got = self._loop(node, name.id, depth)
                if got is not None:
                    return got
            if isinstance(node, Scope):
                return self._parameter(node, name.id, depth)
        return None

    def _loop(self, loop: ast.For | ast.comprehension, name: str,
              depth: int) -> set[str] | None:
        target, items = loop.target, loop.iter
        if isinstance(target, ast.Name) and target.id == name:
            return self.values(items, depth + 1)
        if isinstance(target, ast.Tuple) and isinstance(items, ast.Tuple | ast.List):
            names = [t.id if isinstance(t, ast.Name) else "" for t in target.elts]
            if name in names and all(isinstance(e, ast.Tuple) for e in items.elts):
                i = names.index(name)
                return self.values(ast.Tuple([e.elts[i] for e in items.elts]),  # type: ignore[attr-defined]
                                   depth + 1)
        return None

    def _parameter(self, scope: Scope, name: str, depth: int) -> set[str] | None:
        params = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args)]
        if name not in params:
            return None
        if name == "code" and self.code_at.get(self._name_of(scope)):
            return set()  # the callers' arguments are sites themselves
        index = params.index(name)
        method = params[:1] in (["self"], ["cls"])
        values: set[str] = set()
        calls = self.calls.get(self._name_of(scope), [])
        for call in calls:
            i = index - (1 if method and isinstance(call.func, ast.Attribute) else 0)
            given = [k.value for k in call.keywords if k.arg == name]
            given += [call.args[i]] if 0 <= i < len(call.args) else []
            for expr in given:
                got = self.values(expr, depth + 1)
                if got is None:
                    return None
                values |= got
        return values if calls else None


def _params(scope: Scope) -> list[str]:
    """The positional parameters, without `self` or `cls`."""
    params = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args)]
    return params[1:] if params[:1] in (["self"], ["cls"]) else params


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)


def scan_package(root: Path = PACKAGE) -> Scan:
    package, scan = _Package(root), Scan()
    for site in package.sites():
        shown = f"{package.where[site]}:{site.lineno}"
        got = package.values(site)
        if got is None:
            if package.where[site] != ENGINE:
                scan.unresolved.append(f"{shown}: {ast.unparse(site)}")
            continue
        for value in got:
            if CODE.fullmatch(value):
                scan.codes[value].add(shown)
    return scan
