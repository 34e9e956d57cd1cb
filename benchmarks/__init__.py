"""Speed and memory benchmarks, each runnable as ``python -m benchmarks.<name>``."""
