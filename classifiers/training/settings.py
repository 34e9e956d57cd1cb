"""Hyper-parameters of a fine-tuning stage (no torch import, so the CLI starts fast)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class TrainSettings:
    """Hyper-parameters of one fine-tuning stage."""

    epochs: int = 3
    learning_rate: float = 5e-5
    head_learning_rate: float = 1e-3
    batch_size: int = 32
    max_length: int = 64
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    freeze_word_embeddings: bool = True
    max_steps: int | None = None  # for quick checks: stop after this many steps

    def as_dict(self) -> dict:
        return asdict(self)
