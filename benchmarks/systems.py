"""What the benchmark scripts share: the extractors they score, and their results written as JSON.

The scripts run as `python benchmarks/<name>.py`, which puts this folder on `sys.path`: they import
this module as `systems`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.errors import ModelError
from pipeline.facts import Extractor


def build_systems(
    keys: Sequence[str], model: str, code: bool = False
) -> tuple[dict[str, Extractor], dict[str, str], list[str]]:
    """The extractors to score (`default`, `model`), each built once; their display names (in
    backticks with `code`, for markdown); a note if the trained pipeline is missing."""
    systems, notes = {"default": Extractor()} if "default" in keys else {}, []
    if "model" in keys:
        try:
            systems["model"] = Extractor(model=model)
        except (ModelError, OSError, ImportError) as exc:
            notes.append(f"--model {model}: not importable ({exc}), so it was skipped.")
    flag = f"`--model {model}`" if code else f"--model {model}"
    return systems, {k: "default" if k == "default" else flag for k in systems}, notes


def to_json(node: Any) -> Any:
    """Results as JSON values: scores by their `as_dict`, floats rounded to 4 places."""
    if hasattr(node, "as_dict"):
        return node.as_dict()
    if isinstance(node, dict):
        return {key: to_json(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_json(value) for value in node]
    return round(node, 4) if isinstance(node, float) else node
