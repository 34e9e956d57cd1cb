"""``schoolwatch train``: rebuild the classifier from its data with one command.

Fine-tunes the encoder on OLID and the school-context corpus, picks
thresholds on the dev splits, measures the test splits and writes the
bundle (weights, int8 ONNX, MANIFEST.json with data, seed and metrics).
It takes about 25 minutes on two idle CPU cores; epochs are checkpointed under
``--workdir`` so an interrupted run continues where it stopped.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path

from schoolwatch.cli.common import status


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``train`` command."""
    from classifiers.model.bundle import DEFAULT_BUNDLE_DIR
    from classifiers.training.data import OLID_DEFAULT, SCHOOL_CORPUS_DEFAULT
    from classifiers.training.pipeline import DEFAULT_WORKDIR

    parser = subparsers.add_parser(
        "train", help="train the classifier (about 25 minutes on 2 CPU cores)",
        description=__doc__.split("\n\n")[1] if __doc__ else None)
    parser.add_argument("--config", metavar="FILE", help="accepted for symmetry; not needed")
    parser.add_argument("--encoder", default="default",
                        help="encoder to fine-tune: 'default' (packaged all-MiniLM-L6-v2), "
                        "a Hugging Face model id or a local model folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_BUNDLE_DIR,
                        help="folder to write the trained classifier to (default: %(default)s)")
    parser.add_argument("--olid", type=Path, default=OLID_DEFAULT,
                        help="OLID training TSV (default: %(default)s)")
    parser.add_argument("--school-data", type=Path, default=SCHOOL_CORPUS_DEFAULT,
                        help="folder of school-context *.jsonl files (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help="checkpoints per epoch (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--olid-epochs", type=int, default=2)
    parser.add_argument("--school-epochs", type=int, default=6)
    parser.add_argument("--olid-replay", type=int, default=4000,
                        help="OLID tweets mixed into each school-stage epoch")
    parser.add_argument("--school-repeats", type=int, default=4,
                        help="times each school-stage epoch repeats the school corpus")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="stop each stage after this many steps (quick checks only)")
    parser.add_argument("--max-length", type=int, default=96, help="tokens per window")
    parser.add_argument("--average-school-from", type=int, default=2,
                        help="end the school stage with the mean weights of this epoch onward "
                             "(0: keep the single best epoch instead)")
    parser.add_argument("--text-normalisation", default="social-v1",
                        choices=["social-v1", "none"],
                        help="how texts are normalised before the model (default: %(default)s)")
    parser.add_argument("--quantisation", default="per-token",
                        choices=["per-token", "static", "dynamic"],
                        help="how the int8 graph is made: 'per-token' (fast; a post gets the "
                             "same scores in any batch), 'static' (calibrated ranges; slower) "
                             "or 'dynamic' (scores move slightly with the rest of the batch) "
                             "(default: %(default)s)")
    parser.add_argument("--train-word-embeddings", action="store_true",
                        help="fine-tune the word embeddings too (the bundle then carries the "
                             "changed rows, about 10 MB for MiniLM); off by default: it did not "
                             "help on OLID or the school corpus here")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads for PyTorch")
    parser.add_argument("--name", default="schoolwatch-minilm", help="model name in versions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Train, export and print the headline metrics."""
    from classifiers.training.pipeline import PipelineSettings, train

    defaults = PipelineSettings()
    frozen = not args.train_word_embeddings
    olid = dataclasses.replace(defaults.olid, epochs=args.olid_epochs, seed=args.seed,
                               max_steps=args.max_steps, max_length=args.max_length,
                               freeze_word_embeddings=frozen)
    school = dataclasses.replace(defaults.school, epochs=args.school_epochs, seed=args.seed + 1,
                                 max_steps=args.max_steps, max_length=args.max_length,
                                 freeze_word_embeddings=frozen)
    settings = PipelineSettings(encoder=args.encoder, seed=args.seed, olid=olid, school=school,
                                olid_replay=args.olid_replay,
                                school_repeats=args.school_repeats,
                                text_normalisation=args.text_normalisation,
                                quantisation=args.quantisation,
                                average_school_from=(args.average_school_from or None))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    status(f"Training on {args.encoder!r}; checkpoints in {args.workdir} (resumable).")
    manifest = train(settings, args.out, olid_path=args.olid, school_dir=args.school_data,
                     workdir=args.workdir, name=args.name, threads=args.threads)
    status(f"Wrote the classifier to {args.out}")
    print(json.dumps(manifest.get("metrics", {}).get("summary", {}), indent=2))
    return 0
