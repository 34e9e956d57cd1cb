"""The transformer behind the classifier: encoder loading, the label network, bundles.

``encoder`` finds and loads a Hugging Face encoder (the packaged
all-MiniLM-L6-v2 by default, any model id or local path otherwise);
``network`` puts a multi-label head on it; ``bundle`` reads and writes the
small trained artifacts that sit on top of the encoder; ``runtime`` scores
texts with ONNX Runtime (int8) or PyTorch.
"""
