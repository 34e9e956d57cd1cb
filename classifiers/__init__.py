"""Models, rule detectors, training and evaluation, and the policy engine."""
