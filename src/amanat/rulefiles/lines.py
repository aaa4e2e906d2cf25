"""YAML with line numbers: the data, and the line where each path inside it starts."""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # the C parser when PyYAML was built with it: same nodes and marks, faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]


def parse(text: str) -> tuple[Any, dict[Path, int]]:
    """The data in `text` and a map from each path (keys and list indexes) to its 1-based line.

    A mapping key maps to the line of the key (where an editor should look), a list item to the
    line where the item starts. Raises yaml.YAMLError for text that is not YAML.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines: dict[Path, int] = {(): node.start_mark.line + 1}
    _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = (*path, key)
            lines.setdefault(child, key_node.start_mark.line + 1)
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines.setdefault(child, item.start_mark.line + 1)
            _walk(item, child, lines)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its nearest ancestor present in the file (a missing key)."""
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def line_for(lines: dict[Path, int], dotted: str) -> int | None:
    """The line of a place written as `sections[2].questions[4].id` (for checks done after
    validation, which name places as text)."""
    path = tuple(int(index) if index else key for key, index in _STEP.findall(dotted))
    return line_of(lines, path) if lines else None
