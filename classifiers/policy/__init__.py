"""The policy engine: turns a case's labels into the action the school's own policy prescribes.

Entry points:

- :func:`recommend` ``(school, mentions) -> Recommendation``: what to do.
- :func:`explain` ``(school, mentions) -> Explanation``: the same, with every
  rule that fired, the clause each rests on and the inputs (``.to_dict()`` is
  JSON for the dashboard).
- :func:`check_config` ``(config)``: raise a readable error for bad
  ``actions`` overrides in config.toml.
- :mod:`classifiers.policy.triage`: group untriaged mentions into cases.
"""

from classifiers.policy.engine import ENGINE_VERSION, Explanation, RuleHit, explain, recommend
from classifiers.policy.overrides import PolicyConfigError, check_config, check_school

__all__ = ["ENGINE_VERSION", "Explanation", "PolicyConfigError", "RuleHit", "check_config",
           "check_school", "explain", "recommend"]
