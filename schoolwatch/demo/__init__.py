"""The bundled demo: a fictional corpus served on loopback and a runner for the real pipeline."""
