"""The label network: an encoder, mean pooling and one logit per label.

Mean pooling over real tokens matches how all-MiniLM-L6-v2 was trained for
sentence embeddings. The network can also start from token embeddings
(``inputs_embeds``) so that the exported ONNX graph does not need to carry
the 45 MB word-embedding table: the runtime looks tokens up in the packaged
encoder's own table.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn
from transformers import PreTrainedModel


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average the hidden states of real (unpadded) tokens."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


class LabelNetwork(nn.Module):
    """Encoder + mean pooling + dropout + a linear layer with one logit per label."""

    def __init__(self, encoder: PreTrainedModel, labels: Sequence[str],
                 dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        self.labels = tuple(labels)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(encoder.config.hidden_size, len(self.labels))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits of shape (batch, labels)."""
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        pooled = mean_pool(out.last_hidden_state, attention_mask)
        return self.head(self.dropout(pooled))

    def word_embeddings(self) -> nn.Embedding:
        """The encoder's token lookup table."""
        return self.encoder.get_input_embeddings()


class FromEmbeddings(nn.Module):
    """The same network, fed token embeddings instead of ids (for ONNX export)."""

    def __init__(self, network: LabelNetwork) -> None:
        super().__init__()
        self.network = network

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        out = self.network.encoder(inputs_embeds=inputs_embeds, attention_mask=attention_mask)
        pooled = mean_pool(out.last_hidden_state, attention_mask)
        return self.network.head(pooled)
