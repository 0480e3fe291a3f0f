"""The reply-template engine: Jinja2 in a locked-down sandbox, plain-text output.

Reply templates are written by the compliance user, the values come from the ticket and
the order cache (buyer names, item titles: text typed by strangers).  So:

* templates are compiled only by :class:`ReplySandbox`, a subclass of Jinja2's
  ``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` and autoescape off (the
  output is plain text for Seller Central or e-mail, not HTML);
* the template language is cut down to what a reply needs, checked on the parsed
  template before it is compiled: text, ``{{ expression }}``, ``{% if %}``,
  ``{% for %}`` (not ``recursive``), ``{% set x = … %}``, ``{% with %}``, comments and
  ``{% raw %}``; filters from a short list.  Refused: function and method calls,
  macros, call/filter/set blocks, include/import/extends/block, names or attributes
  starting with ``_``, the name ``self``;
* no globals at all (``range``, ``lipsum``, ``cycler``, ``joiner``, ``namespace``,
  ``dict`` are gone), so nothing is reachable but the context's variables;
* attribute access works only on ``loop`` (``loop.index``, ``loop.first`` …) and on
  mappings; subscripts only on strings, lists, tuples (index or slice) and mappings;
* limits: the source (:data:`MAX_SOURCE_CHARS`), every intermediate value
  (:data:`MAX_VALUE_CHARS` characters or items, counted *through* lists, tuples and
  mappings, so a list of 20,000 copies of a 20,000-character text is as refused as one
  400-million-character text; ``*`` and ``**`` are checked *before* they compute,
  ``~``, ``+`` and list/dict literals right after), integers (:data:`MAX_INT_BITS`),
  loop iterations per render, all loops together (:data:`MAX_LOOP_ITERATIONS`), the
  output (``max_output``, counted while the output streams, so a runaway template stops
  early), and the time (:data:`MAX_RENDER_SECONDS`: every step that can cost anything --
  a loop iteration, an operator, a filter, a comparison, an attribute or subscript, an
  output piece -- checks the render's deadline, and each single step is bounded by the
  value limits, so a render stops within a few milliseconds of its deadline);
* values are data: they are inserted, never parsed as template code.

Every refusal is a :class:`TemplateRenderError` (a ``BadInput``, exit code 3) with one
clear line: ``missing variable 'buyer_first_name'``, ``output longer than 4000
characters``, ``template syntax error at line 3: …``.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import re
import time
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Callable, Final

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2 import filters as jfilters
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.meta import find_undeclared_variables
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context, pass_environment
from jinja2.visitor import NodeTransformer

from ..errors import BadInput

__all__ = [
    "TemplateRenderError",
    "TemplateSourceError",
    "MissingVariableError",
    "OutputTooLongError",
    "TemplateLimitError",
    "TemplateSecurityError",
    "MAX_SOURCE_CHARS",
    "MAX_VALUE_CHARS",
    "MAX_LOOP_ITERATIONS",
    "MAX_INT_BITS",
    "MAX_RENDER_SECONDS",
    "DEFAULT_MAX_OUTPUT",
    "ALLOWED_FILTERS",
    "RESERVED_NAMES",
    "render",
    "variables_of",
    "check_template",
    "template_hash",
    "text_hash",
]

#: A template source longer than this is refused before it is parsed.
MAX_SOURCE_CHARS: Final = 8000
#: No string or list inside a template (and no single ``{{ … }}`` output) may be longer.
MAX_VALUE_CHARS: Final = 20_000
#: All ``{% for %}`` iterations of one render together.
MAX_LOOP_ITERATIONS: Final = 1000
#: Integers computed by a template stay below 2**MAX_INT_BITS.
MAX_INT_BITS: Final = 128
#: A render that has not finished after this many seconds is stopped (TemplateLimitError).
MAX_RENDER_SECONDS: Final = 2.0
#: Default cap on the rendered text (Amazon's messages are limited to 2,000 characters;
#: the lint reports anything over that, the engine refuses anything over this).
DEFAULT_MAX_OUTPUT: Final = 4000

#: Names a template cannot use as variables (Jinja's own, or the template's namespace).
RESERVED_NAMES: Final[frozenset[str]] = frozenset(
    {"self", "loop", "caller", "varargs", "kwargs", "true", "false", "none", "True", "False", "None"})


# ----------------------------------------------------------------------------- errors


class TemplateRenderError(BadInput):
    """A reply template could not be compiled or rendered (exit code 3)."""


class TemplateSourceError(TemplateRenderError):
    """The template itself is unusable: too long, a syntax error, a refused construct."""


class MissingVariableError(TemplateRenderError):
    """The template uses a variable the context does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(f"missing variable {name!r}")
        self.name = name


class OutputTooLongError(TemplateRenderError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"output longer than {limit} characters")
        self.limit = limit


class TemplateLimitError(TemplateRenderError):
    """A loop, a value or a number grew past the engine's limits."""


class TemplateSecurityError(TemplateRenderError):
    """Access to something outside the documented variables was refused."""


def _at(line: int | None) -> str:
    return f" at line {line}" if line else ""


# ----------------------------------------------------------------------------- limits


class _Budget:
    """The loop iterations and the time left for one render."""

    __slots__ = ("left", "deadline", "seconds")

    def __init__(self, iterations: int, seconds: float) -> None:
        self.left = iterations
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("warroom_template_budget", default=None)


def _tick() -> None:
    """Stop the render once its deadline has passed (called by every guarded step)."""
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise TemplateLimitError(f"rendering took longer than {budget.seconds:g} s: the template does too much work")


def _weight(value: Any, limit: int) -> int:
    """Characters and items in ``value``, counted through lists, tuples and mappings, until
    past ``limit`` (then any number above it)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Mapping):
        items: Any = [x for pair in value.items() for x in pair]
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return 0
    total = len(items)
    for item in items:
        if total > limit:
            break
        if isinstance(item, (str, list, tuple, Mapping)):
            total += _weight(item, limit - total)
    return total


def _check_size(value: Any) -> Any:
    """Refuse a value of more than MAX_VALUE_CHARS characters or items (counted through
    lists, tuples and mappings) or a huge integer; charge the render's clock."""
    _tick()
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            raise TemplateLimitError(
                f"a value in the template is longer than {MAX_VALUE_CHARS} characters or items")
    elif isinstance(value, (list, tuple, Mapping)):
        if _weight(value, MAX_VALUE_CHARS) > MAX_VALUE_CHARS:
            raise TemplateLimitError(
                f"a value in the template is longer than {MAX_VALUE_CHARS} characters or items")
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimitError(f"a number in the template is larger than 2**{MAX_INT_BITS}")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, an operation whose result would be too large."""
    if operator == "%" and isinstance(left, str):
        raise TemplateSecurityError("string formatting with % is not allowed in reply templates")
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and _is_int(n):
                if _weight(seq, MAX_VALUE_CHARS) * max(n, 0) > MAX_VALUE_CHARS:
                    raise TemplateLimitError(
                        f"a value in the template is longer than {MAX_VALUE_CHARS} characters or items")
                return
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise TemplateLimitError(f"a number in the template is larger than 2**{MAX_INT_BITS}")
    elif operator == "**":
        if _is_int(right) and right > 0:
            if _is_int(left) and abs(left) > 1 and (left.bit_length() - 1) * right > MAX_INT_BITS:
                raise TemplateLimitError(f"a number in the template is larger than 2**{MAX_INT_BITS}")
        if _is_number(right) and abs(right) > 1024:
            raise TemplateLimitError("an exponent in the template is larger than 1024")


@pass_context
def _loop_guard(_context: Any, iterable: Any) -> Iterator[Any]:
    """Wrapped around the iterable of every ``{% for %}``: charges the render's budget."""
    budget = _BUDGET.get()
    if budget is None:  # never folded at compile time (pass_context), so this is a bug
        raise TemplateLimitError("template loops run only inside render()")
    if isinstance(iterable, Undefined):
        return iter(iterable)  # StrictUndefined: raises, naming the variable
    if isinstance(iterable, Mapping):
        iterable = list(iterable)
    if not isinstance(iterable, (str, list, tuple)):
        raise TemplateSecurityError(
            f"a loop may go over a list or a string, not over a {type(iterable).__name__!r} value")
    if len(iterable) > budget.left:
        raise TemplateLimitError(f"more than {MAX_LOOP_ITERATIONS} loop iterations")

    def run() -> Iterator[Any]:
        for item in iterable:
            if budget.left <= 0:
                raise TemplateLimitError(f"more than {MAX_LOOP_ITERATIONS} loop iterations")
            budget.left -= 1
            _tick()
            yield item

    return run()


@pass_context
def _value_guard(_context: Any, value: Any) -> Any:
    """Wrapped around every ``~`` concatenation, list, tuple and dict literal, comparison
    and test: checks the value's size and the render's clock."""
    return _check_size(value)


def _finalize(value: Any) -> Any:
    """What ``{{ … }}`` prints: text and numbers; None as nothing; a list as ``a, b, c``;
    never a huge value, never an object's repr."""
    if value is None:
        return ""
    if isinstance(value, Undefined):
        return value  # printing it raises (StrictUndefined), naming the variable
    if isinstance(value, (list, tuple)):
        return _join(value, ", ")
    if not isinstance(value, (str, int, float, Decimal)):
        raise TemplateSecurityError(f"a {type(value).__name__} value cannot be printed; print text or numbers")
    return _check_size(value)


# ----------------------------------------------------------------------------- filters


def _join(value: Any, d: str = "", attribute: Any = None) -> str:
    if attribute is not None:
        raise TemplateSecurityError("join(attribute=…) is not allowed in reply templates")
    if isinstance(value, (str, Undefined)):
        value = list(value)
    if not isinstance(value, (list, tuple)):
        raise TemplateSecurityError(f"join needs a list, not a {type(value).__name__!r} value")
    sep = str(d)
    parts: list[str] = []
    total = 0
    for i, item in enumerate(value):
        text = "" if item is None else str(item)
        total += len(text) + (len(sep) if i else 0)
        if total > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"a value in the template is longer than {MAX_VALUE_CHARS} characters or items")
        parts.append(text)
    return sep.join(parts)


def _replace(value: Any, old: Any, new: Any, count: Any = None) -> str:
    s, old_s, new_s = str(value), str(old), str(new)
    hits = s.count(old_s) if old_s else len(s) + 1
    limit = -1
    if count is not None:
        limit = int(count)
        if limit >= 0:
            hits = min(hits, limit)
    if len(s) + hits * (len(new_s) - len(old_s)) > MAX_VALUE_CHARS:
        raise TemplateLimitError(f"a value in the template is longer than {MAX_VALUE_CHARS} characters or items")
    return s.replace(old_s, new_s, limit)


def _sized(func: Callable[..., Any]) -> Callable[..., Any]:
    """A Jinja built-in filter whose result is checked by :func:`_check_size`
    (keeps the filter's ``pass_environment``/``pass_eval_context`` marker)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _tick()
        return _check_size(func(*args, **kwargs))

    return wrapper


@pass_environment
def _unique(environment: Any, value: Any, case_sensitive: bool = False, attribute: Any = None) -> list[Any]:
    return _check_size(list(jfilters.do_unique(environment, value, case_sensitive, attribute)))


def _reverse(value: Any) -> Any:
    if isinstance(value, str):
        return value[::-1]
    return _check_size(list(value)[::-1])


#: The filters a reply template may use.  None of them can produce a value larger than a
#: small multiple of its input, and every result is size-checked.
ALLOWED_FILTERS: Final[dict[str, Callable[..., Any]]] = {
    "upper": _sized(jfilters.do_upper),
    "lower": _sized(jfilters.do_lower),
    "title": _sized(jfilters.do_title),
    "capitalize": _sized(jfilters.do_capitalize),
    "trim": _sized(jfilters.do_trim),
    "truncate": _sized(jfilters.do_truncate),
    "default": _sized(jfilters.do_default),
    "d": _sized(jfilters.do_default),
    "first": _sized(jfilters.sync_do_first),
    "last": _sized(jfilters.do_last),
    "length": len,
    "count": len,
    "wordcount": jfilters.do_wordcount,
    "list": _sized(jfilters.sync_do_list),
    "string": _sized(jfilters.soft_str),
    "reverse": _reverse,
    "sort": _sized(jfilters.do_sort),
    "unique": _unique,
    "min": _sized(jfilters.do_min),
    "max": _sized(jfilters.do_max),
    "int": _sized(jfilters.do_int),
    "round": _sized(jfilters.do_round),
    "abs": _sized(abs),
    "join": _join,
    "replace": _replace,
}

_LOOP_ATTRIBUTES: Final = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
     "previtem", "nextitem"})

_GUARD_LOOP = "__warroom_loop_guard"
_GUARD_VALUE = "__warroom_value_guard"


# ----------------------------------------------------------------------------- environment


class ReplySandbox(ImmutableSandboxedEnvironment):
    """The only environment reply templates are compiled in."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def __init__(self) -> None:
        super().__init__(
            autoescape=False,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            finalize=_finalize,
            auto_reload=False,
            cache_size=0,
        )
        self.globals.clear()  # range, lipsum, cycler, joiner, namespace, dict: gone
        self.filters = dict(ALLOWED_FILTERS)
        self.filters[_GUARD_LOOP] = _loop_guard
        self.filters[_GUARD_VALUE] = _value_guard

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(operator, left, right)
        return _check_size(self.binop_table[operator](left, right))

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        return self.unop_table[operator](arg)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        if isinstance(attribute, str) and attribute.startswith("_"):
            raise TemplateSecurityError(f"access to {attribute!r} is not allowed")
        if isinstance(obj, LoopContext):
            if attribute in _LOOP_ATTRIBUTES:
                return getattr(obj, attribute)
            raise TemplateSecurityError(f"loop.{attribute} is not allowed in reply templates")
        if isinstance(obj, Undefined):
            return self.undefined(obj=obj, name=attribute)
        if isinstance(obj, Mapping):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                return self.undefined(obj=obj, name=attribute)
        raise TemplateSecurityError(
            f"attribute access ('.{attribute}') is not allowed in reply templates; use a filter, e.g. |upper")

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        if isinstance(argument, str) and argument.startswith("_"):
            raise TemplateSecurityError(f"access to {argument!r} is not allowed")
        if isinstance(obj, Undefined):
            return self.undefined(obj=obj, name=argument)
        if isinstance(obj, (str, list, tuple)) and (_is_int(argument) or isinstance(argument, slice)):
            try:
                return obj[argument]
            except IndexError:
                return self.undefined(obj=obj, name=argument)
        if isinstance(obj, Mapping) and isinstance(argument, str):
            try:
                return obj[argument]
            except KeyError:
                return self.undefined(obj=obj, name=argument)
        raise TemplateSecurityError(f"subscript [{argument!r}] is not allowed on a {type(obj).__name__!r} value")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        raise TemplateSecurityError("function and method calls are not allowed in reply templates")


_ENV: Final = ReplySandbox()

# Constructs a reply template may contain (exact node types).
_ALLOWED_NODES: Final[frozenset[type]] = frozenset({
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.For, nodes.Assign, nodes.With,
    nodes.Name, nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Keyword,
    nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test, nodes.CondExpr,
    nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.Compare, nodes.Operand, nodes.Concat,
    nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow,
})

_REFUSED: Final[dict[type, str]] = {
    nodes.Call: "function and method calls are not allowed",
    nodes.Macro: "{% macro %} is not allowed",
    nodes.CallBlock: "{% call %} is not allowed",
    nodes.FilterBlock: "{% filter %} blocks are not allowed",
    nodes.AssignBlock: "{% set %} blocks are not allowed (use {% set name = value %})",
    nodes.Include: "{% include %} is not allowed",
    nodes.Import: "{% import %} is not allowed",
    nodes.FromImport: "{% from … import %} is not allowed",
    nodes.Extends: "{% extends %} is not allowed",
    nodes.Block: "{% block %} is not allowed",
    nodes.NSRef: "namespace assignments are not allowed",
    nodes.ScopedEvalContextModifier: "{% autoescape %} is not allowed",
}


def _refuse(message: str, line: int | None) -> TemplateSourceError:
    return TemplateSourceError(f"template syntax error{_at(line)}: {message}")


def _check_nodes(tree: nodes.Template) -> None:
    for node in (tree, *tree.find_all(nodes.Node)):
        kind = type(node)
        line = getattr(node, "lineno", None)
        if kind not in _ALLOWED_NODES:
            raise _refuse(_REFUSED.get(kind, f"{kind.__name__} is not allowed in reply templates"), line)
        if isinstance(node, nodes.Name):
            if node.name.startswith("_"):
                raise _refuse(f"names starting with '_' are not allowed ({node.name!r})", line)
            if node.name == "self":
                raise _refuse("the name 'self' is not allowed", line)
        elif isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise _refuse(f"access to {node.attr!r} is not allowed", line)
        elif isinstance(node, (nodes.Filter, nodes.Test)) and node.name.startswith("_"):
            raise _refuse(f"no filter or test named {node.name!r}", line)
        elif isinstance(node, nodes.For) and node.recursive:
            raise _refuse("recursive loops are not allowed", line)
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and len(node.value) > MAX_VALUE_CHARS:
            raise _refuse("a string literal is too long", line)


class _AddGuards(NodeTransformer):
    """Wrap every loop's iterable in the loop guard, and every ``~`` concatenation, list,
    tuple and dict literal, comparison and test in the value guard (size and clock)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _GUARD_LOOP, [], [], None, None, lineno=node.iter.lineno)
        return node

    def _guarded(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(node, _GUARD_VALUE, [], [], None, None, lineno=node.lineno)

    visit_Concat = visit_Dict = visit_Compare = visit_Test = _guarded

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return self._guarded(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        if node.ctx != "load":       # an assignment target: ``{% for a, b in … %}``
            self.generic_visit(node)
            return node
        return self._guarded(node)


def _syntax_message(exc: TemplateSyntaxError) -> str:
    msg = exc.message or str(exc)
    msg = msg[0].lower() + msg[1:] if msg[:1].isupper() and not msg[1:2].isupper() else msg
    return f"template syntax error{_at(exc.lineno)}: {msg.rstrip('.')}"


def _parse(source: str) -> nodes.Template:
    if not isinstance(source, str):
        raise TemplateSourceError(f"a template is text, not {type(source).__name__}")
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateSourceError(f"template longer than {MAX_SOURCE_CHARS} characters ({len(source)})")
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateSourceError(_syntax_message(exc)) from None
    except (RecursionError, MemoryError):
        raise TemplateSourceError("template syntax error: expressions nested too deeply") from None
    _check_nodes(tree)
    return tree


@functools.lru_cache(maxsize=256)
def _compile(source: str) -> Any:
    tree = _AddGuards().visit(_parse(source))
    try:
        return _ENV.from_string(tree)
    except TemplateSyntaxError as exc:  # unknown filter or test, …
        raise TemplateSourceError(_syntax_message(exc)) from None
    except (SyntaxError, RecursionError, MemoryError):  # Python's limit on nested blocks
        raise TemplateSourceError("template syntax error: blocks or expressions nested too deeply") from None


def check_template(source: str) -> None:
    """Compile ``source`` as a reply template; raise :class:`TemplateSourceError` if it is
    too long, has a syntax error, uses a refused construct or an unknown filter."""
    _compile(source)


def variables_of(source: str) -> set[str]:
    """The variables ``source`` reads from the context (Jinja's undeclared variables)."""
    return set(find_undeclared_variables(_parse(source)))


# ----------------------------------------------------------------------------- rendering

_SCALARS: Final = (str, int, float, Decimal, bool, type(None))


def _check_context(context: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in context.items():
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise TypeError(f"template variable names are identifiers, not {name!r}")
        if isinstance(value, (list, tuple)):
            if not all(isinstance(v, _SCALARS) for v in value):
                raise TypeError(f"template variable {name!r}: a list may hold only text and numbers")
            value = tuple(value)
        elif not isinstance(value, _SCALARS):
            raise TypeError(f"template variable {name!r}: {type(value).__name__} is not plain data")
        out[name] = value
    return out


_UNDEFINED_NAME = re.compile(r"^'(?P<name>[^']+)' is undefined$")


def _template_line(exc: BaseException) -> int | None:
    """The template line of the innermost template frame of ``exc``'s traceback."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render(source: str, context: Mapping[str, Any], *, max_output: int = DEFAULT_MAX_OUTPUT,
           max_seconds: float = MAX_RENDER_SECONDS) -> str:
    """Render ``source`` with ``context`` (plain data: text, numbers, lists of them), in at
    most ``max_seconds`` and ``max_output`` characters.

    Raises :class:`TemplateRenderError` subclasses: :class:`TemplateSourceError`,
    :class:`MissingVariableError`, :class:`OutputTooLongError`, :class:`TemplateLimitError`,
    :class:`TemplateSecurityError`."""
    template = _compile(source)
    data = _check_context(context)
    token = _BUDGET.set(_Budget(MAX_LOOP_ITERATIONS, max_seconds))
    stream = template.generate(data)
    try:
        parts: list[str] = []
        size = 0
        for chunk in stream:
            _tick()
            size += len(chunk)
            if size > max_output:
                raise OutputTooLongError(max_output)
            parts.append(chunk)
        return "".join(parts)
    except (TemplateLimitError, TemplateSecurityError) as exc:
        line = _template_line(exc)
        if line:
            raise type(exc)(f"{exc.reason} (line {line})") from None
        raise
    except TemplateRenderError:
        raise
    except UndefinedError as exc:
        m = _UNDEFINED_NAME.match(str(exc))
        if m:
            raise MissingVariableError(m.group("name")) from None
        raise TemplateRenderError(f"template error{_at(_template_line(exc))}: {exc}") from None
    except SecurityError as exc:
        raise TemplateSecurityError(f"template error{_at(_template_line(exc))}: {exc}") from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
            RecursionError) as exc:
        raise TemplateRenderError(f"template error{_at(_template_line(exc))}: {exc}") from None
    finally:
        stream.close()
        _BUDGET.reset(token)


# ----------------------------------------------------------------------------- hashes


def template_hash(source: str) -> str:
    """SHA-256 (hex) of the template source's UTF-8 bytes."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of a rendered text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

