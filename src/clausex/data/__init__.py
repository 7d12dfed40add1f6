"""Language data of clausex, one folder per language; read on first use and cached."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str, language: str = "nl") -> Any:
    """The parsed JSON file ``data/<language>/<name>.json``.

    Read lazily (never at import) and cached, so every caller shares one copy.
    """
    path = resources.files(__package__).joinpath(language, f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))
