"""Reproducible training of the classifier: data, fine-tuning, thresholds, export.

``schoolwatch train`` runs :func:`classifiers.training.pipeline.train`, which
fine-tunes the encoder on OLID (offensive language, for ``abusive``) and then
on OLID plus the school-context corpus (all nine labels), picks thresholds on
dev splits, measures the held-out test splits and writes the bundle under
``classifiers/artifacts/`` with a manifest of data, seed and metrics.
"""
