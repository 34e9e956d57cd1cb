"""Side experiments on the OLID stage, kept so the figures in docs/classifier.md can be rerun.

Not part of ``schoolwatch train``. Neither reached the 0.80 target on OLID dev: the
Davidson pre-epoch made no difference and the plain recipe peaked at 0.780.

- ``davidson``: one epoch on Davidson et al. (2017) first (hate speech or offensive
  language -> offensive, neither -> not), then the shipped OLID stage.
- ``plain``: ``AutoModelForSequenceClassification`` on raw tweets ([CLS] pooler,
  softmax over two classes, 128 tokens, random batches, 10% warm-up), the textbook
  recipe, to rule out the shipped network's own choices as the cause.

Both print OLID dev macro-F1 after every epoch (threshold chosen on dev)::

    python -m classifiers.training.olid_probes plain --epochs 3 --learning-rate 3e-5
    python -m classifiers.training.olid_probes davidson
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import math
import random
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from classifiers.training.data import OLID_DEFAULT, Example, load_olid, normalised, olid_example
from classifiers.training.metrics import tuned_macro_f1, two_class_macro_f1

DAVIDSON_DEFAULT = Path("/work/shared/data/davidson/labeled_data.csv")
DEFAULT_WORKDIR = Path(__file__).resolve().parents[2] / "build" / "olid-probes"


def davidson_text(tweet: str) -> str:
    """A Davidson tweet in OLID's conventions: entities decoded, @USER, URL, no "RT"."""
    text = html.unescape(tweet)
    text = re.sub(r"https?://\S+", "URL", text)
    text = re.sub(r"@\w+", "@USER", text)
    text = re.sub(r"^(RT\s+)+", "", text.strip())
    return re.sub(r"\bRT\s+@USER:?", "@USER", text)


def load_davidson(path: Path) -> list[Example]:
    """Davidson's tweets as examples of the offensive output (classes 0 and 1 are offensive)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [olid_example(f"davidson-{row['']}", davidson_text(row["tweet"]),
                             row["class"] in ("0", "1"))
                for row in csv.DictReader(handle)]


def davidson_then_olid(olid_path: Path, davidson_path: Path, workdir: Path,
                       encoder: str = "default", olid_epochs: int = 2,
                       max_steps: int | None = None) -> dict:
    """OLID dev metrics after the Davidson epoch and after each OLID epoch."""
    from classifiers.model.normalise import get_normaliser
    from classifiers.training.finetune import fine_tune
    from classifiers.training.settings import TrainSettings
    from classifiers.training.stages import build_network, olid_dev_metrics

    normalise = get_normaliser("social-v1")
    olid = normalised(load_olid(olid_path, seed=13), normalise)
    davidson = [replace(e, text=normalise(e.text)) for e in load_davidson(davidson_path)]
    network, tokenizer = build_network(encoder)

    def evaluate(net: object, epoch: int) -> dict:
        return olid_dev_metrics(net, tokenizer, olid.dev, 96)

    def select(metrics: dict) -> float:
        return metrics["olid_dev_macro_f1"]

    first = fine_tune(network, tokenizer, davidson,
                      TrainSettings(epochs=1, max_length=96, seed=21, max_steps=max_steps),
                      workdir / "davidson", evaluate, select)
    then = fine_tune(network, tokenizer, olid.train,
                     TrainSettings(epochs=olid_epochs, max_length=96, max_steps=max_steps),
                     workdir / "olid-after-davidson", evaluate, select)
    return {"after_davidson": first["history"], "olid_epochs": then["history"]}


def plain_sequence_classification(olid_path: Path, encoder: str = "default", epochs: int = 3,
                                  learning_rate: float = 3e-5, batch_size: int = 32,
                                  max_length: int = 128, seed: int = 13,
                                  max_steps: int | None = None) -> list[dict]:
    """The textbook fine-tuning recipe on raw OLID text; dev macro-F1 per epoch."""
    import torch
    from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

    from classifiers.model.encoder import load_tokenizer, resolve_encoder
    from classifiers.training.finetune import pad_batch, tokenize

    olid = load_olid(olid_path, seed=seed)
    source, offline = resolve_encoder(encoder)
    tokenizer = load_tokenizer(encoder)
    model = AutoModelForSequenceClassification.from_pretrained(source, num_labels=2,
                                                               local_files_only=offline)
    torch.manual_seed(seed)
    rng = random.Random(seed)  # noqa: S311 - reproducible batches

    pad_id = tokenizer.pad_token_id or 0
    train_ids = tokenize(tokenizer, [e.text for e in olid.train], max_length)
    dev_ids = tokenize(tokenizer, [e.text for e in olid.dev], max_length)
    train_y = [int(max(e.targets)) for e in olid.train]
    dev_y = np.array([max(e.targets) > 0 for e in olid.dev])
    steps = epochs * math.ceil(len(train_ids) / batch_size)
    if max_steps is not None:
        steps = min(steps, max_steps)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    history: list[dict] = []
    step = 0
    for epoch in range(1, epochs + 1):
        model.train()
        order = list(range(len(train_ids)))
        rng.shuffle(order)
        started = time.monotonic()
        for start in range(0, len(order), batch_size):
            if step >= steps:
                break
            rows = order[start:start + batch_size]
            batch, mask = pad_batch([train_ids[i] for i in rows], pad_id)
            out = model(input_ids=batch, attention_mask=mask,
                        labels=torch.tensor([train_y[i] for i in rows]))
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
        model.eval()
        scores: list[np.ndarray] = []
        with torch.inference_mode():
            for start in range(0, len(dev_ids), 128):
                batch, mask = pad_batch(dev_ids[start:start + 128], pad_id)
                logits = model(input_ids=batch, attention_mask=mask).logits
                scores.append(torch.softmax(logits, dim=-1)[:, 1].numpy())
        offensive = np.concatenate(scores)
        _, tuned = tuned_macro_f1(dev_y, offensive)
        history.append({"epoch": epoch,
                        "olid_dev_macro_f1_at_argmax": round(
                            two_class_macro_f1(dev_y, offensive >= 0.5), 4),
                        "olid_dev_macro_f1": round(tuned, 4),
                        "epoch_seconds": round(time.monotonic() - started, 1)})
        print(json.dumps(history[-1]), flush=True)
    return history


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recipe", choices=("plain", "davidson"))
    parser.add_argument("--olid", type=Path, default=OLID_DEFAULT)
    parser.add_argument("--davidson", type=Path, default=DAVIDSON_DEFAULT)
    parser.add_argument("--encoder", default="default")
    parser.add_argument("--epochs", type=int, default=None,
                        help="plain: epochs (3); davidson: OLID epochs after it (2)")
    parser.add_argument("--learning-rate", type=float, default=3e-5, help="plain only")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--max-steps", type=int, default=None, help="quick checks only")
    args = parser.parse_args(argv)
    if args.recipe == "plain":
        result: object = plain_sequence_classification(
            args.olid, args.encoder, epochs=args.epochs or 3,
            learning_rate=args.learning_rate, max_steps=args.max_steps)
    else:
        result = davidson_then_olid(args.olid, args.davidson, args.workdir, args.encoder,
                                    olid_epochs=args.epochs or 2, max_steps=args.max_steps)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
