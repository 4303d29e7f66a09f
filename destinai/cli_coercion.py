"""Command-line values converted without Pydantic where the conversion is plain.

Typer 0.29 converts every parameter's value with a Pydantic ``TypeAdapter``: a command's first
parse imports Pydantic and builds one adapter per parameter, ~0.1 s of a cold command that
answers in a few tenths. Our parameters are strings, integers, floats, paths and lists of
strings. For those, :class:`PlainRuntimeParam` gives the value the adapter gives when that
value is unambiguous (a ``str``; ``"12"`` for an ``int`` inside its bounds; ``Path(value)``
checked by Typer's own path checks) and hands anything else (a malformed number, one out of
bounds, bytes, an empty path) to Typer's adapter, so every error message and every edge case
is Typer's. ``tests/lean/test_cli_coercion.py`` compares both on each case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?")
_UNSURE = object()          # not plain: Typer's adapter decides
PLAIN = (str, int, float, bool, Path, list[str])


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Typer's conversion of one parameter, without Pydantic for plain values."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        result = _plain(self.annotation, self.parameter_info, value, param, ctx)
        if result is _UNSURE:
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param,
                                                                      ctx=ctx)
        return result


def install(params: list[Any]) -> None:
    """Give each plain parameter of a command a :class:`PlainRuntimeParam` (before its
    arguments are parsed); other parameters keep Typer's conversion."""
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        if (descriptor.annotation in PLAIN and descriptor.file_annotation is None
                and info.parser is None and not info.clamp
                and (descriptor.annotation is not Path or info.path_type is None)):
            param._runtime_param = PlainRuntimeParam(
                parameter_info=info, annotation=descriptor.annotation, descriptor=descriptor)


def _plain(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    if annotation is str:
        return value if isinstance(value, str) else _UNSURE
    if annotation is bool:
        return value if isinstance(value, bool) else _UNSURE
    if annotation is list[str]:
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return list(value)
        return _UNSURE
    if annotation is Path:
        if not isinstance(value, str) or not value:
            return _UNSURE
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    number: Any = _UNSURE
    if annotation is int:
        if type(value) is int:
            number = value
        elif isinstance(value, str) and _INT.fullmatch(value):
            number = int(value)
    elif annotation is float:
        if type(value) is float:
            number = value
        elif isinstance(value, str) and _FLOAT.fullmatch(value):
            number = float(value)
    if number is _UNSURE or (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max):
        return _UNSURE
    return number
