"""The fine-tuning loop: masked multi-label BCE, length-grouped batches, per-epoch checkpoints.

Word embeddings stay frozen by default (they are the packaged encoder's, so
the artifacts need not carry them); everything above them is trained. With
``freeze_word_embeddings=False`` they train too, without weight decay, so only
the rows of tokens seen in training change. Each epoch
is checkpointed so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn
from transformers import PreTrainedTokenizerBase, get_linear_schedule_with_warmup

from classifiers.model.network import LabelNetwork
from classifiers.training.data import Example
from classifiers.training.settings import TrainSettings

log = logging.getLogger(__name__)


def tokenize(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str],
             max_length: int) -> list[list[int]]:
    """Token ids per text, truncated to ``max_length``."""
    encoded = tokenizer(list(texts), truncation=True, max_length=max_length,
                        add_special_tokens=True)
    return [list(ids) for ids in encoded["input_ids"]]


def pad_batch(token_ids: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad to the longest in the batch: (input_ids, attention_mask)."""
    width = max(len(ids) for ids in token_ids)
    ids = torch.full((len(token_ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(token_ids), width), dtype=torch.long)
    for row, seq in enumerate(token_ids):
        ids[row, :len(seq)] = torch.tensor(seq, dtype=torch.long)
        mask[row, :len(seq)] = 1
    return ids, mask


def length_grouped_batches(lengths: Sequence[int], batch_size: int,
                           rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding, same randomness per seed)."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start:start + chunk], key=lambda i: lengths[i])
        batches += [part[i:i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


@torch.inference_mode()
def predict(network: LabelNetwork, tokenizer: PreTrainedTokenizerBase, texts: Sequence[str],
            max_length: int, batch_size: int = 128) -> np.ndarray:
    """Sigmoid scores (texts x labels) with eager PyTorch, batches sorted by length."""
    network.eval()
    ids = tokenize(tokenizer, texts, max_length)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    scores = np.zeros((len(ids), len(network.labels)), dtype=np.float32)
    pad_id = tokenizer.pad_token_id or 0
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        input_ids, mask = pad_batch([ids[i] for i in rows], pad_id)
        scores[rows] = torch.sigmoid(network(input_ids, mask)).numpy()
    return scores


def trainable_state(network: LabelNetwork) -> dict[str, torch.Tensor]:
    """Parameters that training changes (everything but frozen ones)."""
    return {name: p.detach().clone() for name, p in network.named_parameters()
            if p.requires_grad}


def fine_tune(
    network: LabelNetwork,
    tokenizer: PreTrainedTokenizerBase,
    train: Sequence[Example],
    settings: TrainSettings,
    workdir: Path,
    evaluate: Callable[[LabelNetwork, int], dict],
    select: Callable[[dict], float],
    average_from: int | None = None,
) -> dict:
    """Train ``network`` in place; returns the history and loads the best epoch's weights.

    ``evaluate(network, epoch)`` returns a metrics dict after each epoch and
    ``select(metrics)`` the number to maximise when choosing the best epoch.
    With ``average_from``, the weights loaded at the end are instead the mean of
    the epochs from that one to the last (weight averaging: steadier than any
    single epoch on small data). Checkpoints ``epoch-N.pt`` in ``workdir`` let
    a rerun skip finished epochs.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)  # noqa: S311 - reproducible batches
    if settings.freeze_word_embeddings:
        network.word_embeddings().weight.requires_grad_(False)

    ids = tokenize(tokenizer, [e.text for e in train], settings.max_length)
    targets = torch.tensor([e.targets for e in train], dtype=torch.float32)
    masks = torch.tensor([e.mask for e in train], dtype=torch.float32)
    pad_id = tokenizer.pad_token_id or 0
    epoch_batches = [length_grouped_batches([len(x) for x in ids], settings.batch_size, rng)
                     for _ in range(settings.epochs)]
    total_steps = sum(len(b) for b in epoch_batches)
    if settings.max_steps is not None:
        total_steps = min(total_steps, settings.max_steps)

    head_params = [p for n, p in network.named_parameters() if n.startswith("head.")]
    # Word embeddings take no weight decay: decay would move every row of the table,
    # while without it only the rows of tokens seen in training change, so the
    # bundle can store just those rows on top of the packaged encoder's table.
    no_decay_names = ("bias", "LayerNorm", "word_embeddings")
    decay = [p for n, p in network.named_parameters()
             if p.requires_grad and not n.startswith("head.")
             and not any(k in n for k in no_decay_names)]
    no_decay = [p for n, p in network.named_parameters()
                if p.requires_grad and not n.startswith("head.")
                and any(k in n for k in no_decay_names)]
    optimizer = torch.optim.AdamW([
        {"params": decay, "weight_decay": settings.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
        {"params": head_params, "weight_decay": 0.0, "lr": settings.head_learning_rate},
    ], lr=settings.learning_rate)
    scheduler = get_linear_schedule_with_warmup(
        optimizer, math.ceil(total_steps * settings.warmup_ratio), total_steps)
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")

    history: list[dict] = []
    best_score, best_epoch = -math.inf, 0
    step = 0
    for epoch in range(1, settings.epochs + 1):
        checkpoint = workdir / f"epoch-{epoch}.pt"
        if checkpoint.exists():
            saved = torch.load(checkpoint, weights_only=False)
            network.load_state_dict(saved["trainable"], strict=False)
            optimizer.load_state_dict(saved["optimizer"])
            scheduler.load_state_dict(saved["scheduler"])
            step = saved["step"]
            metrics = saved["metrics"]
            log.warning("epoch %d: resumed from %s", epoch, checkpoint)
        else:
            network.train()
            started = time.monotonic()
            running = 0.0
            for batch_number, rows in enumerate(epoch_batches[epoch - 1], 1):
                if settings.max_steps is not None and step >= settings.max_steps:
                    break
                input_ids, attention = pad_batch([ids[i] for i in rows], pad_id)
                logits = network(input_ids, attention)
                weight = masks[rows]
                loss = (loss_fn(logits, targets[rows]) * weight).sum() / weight.sum().clamp(min=1)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad(set_to_none=True)
                step += 1
                running += loss.item()
                if batch_number % 50 == 0:
                    log.warning("epoch %d batch %d/%d loss %.4f (%.0fs)", epoch, batch_number,
                                len(epoch_batches[epoch - 1]), running / 50,
                                time.monotonic() - started)
                    running = 0.0
            metrics = evaluate(network, epoch)
            metrics["epoch_seconds"] = round(time.monotonic() - started, 1)
            torch.save({"trainable": trainable_state(network), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "step": step, "metrics": metrics},
                       checkpoint)
        metrics = {**metrics, "epoch": epoch}
        history.append(metrics)
        log.warning("epoch %d: %s", epoch, json.dumps(metrics))
        score = select(metrics)
        if score > best_score:
            best_score, best_epoch = score, epoch
        if settings.max_steps is not None and step >= settings.max_steps:
            break
    result = {"history": history, "best_epoch": best_epoch, "settings": settings.as_dict()}
    last = len(history)
    if average_from is not None and 1 <= average_from <= last:
        epochs = list(range(average_from, last + 1))
        network.load_state_dict(average_checkpoints(workdir, epochs), strict=False)
        result["averaged_epochs"] = epochs
        return result
    best = torch.load(workdir / f"epoch-{best_epoch}.pt", weights_only=False)
    network.load_state_dict(best["trainable"], strict=False)
    return result


def average_checkpoints(workdir: Path, epochs: Sequence[int]) -> dict[str, torch.Tensor]:
    """The element-wise mean of the trainable weights saved after these epochs.

    Summed in float64: a float32 mean of identical values need not give the value
    back (five copies seldom do), and word-embedding rows that training never
    touched must stay bit-for-bit the base model's to be left out of the bundle.
    """
    total: dict[str, torch.Tensor] = {}
    for epoch in epochs:
        state = torch.load(workdir / f"epoch-{epoch}.pt", weights_only=False)["trainable"]
        for name, tensor in state.items():
            total[name] = total.get(name, 0) + tensor.double()
    return {name: (tensor / len(epochs)).float() for name, tensor in total.items()}
