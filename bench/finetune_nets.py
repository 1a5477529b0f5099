"""The networks of bench/finetune_checkworthiness.py: the frozen bottom layers run once, LoRA
adapters, the classification head, and the top layers with the head."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import torch
from torch import nn

MAX_LENGTH = 64
FROZEN_LAYERS = 4
CACHE = Path("/tmp/claimdesk-ft-cache")


def additive_mask(mask: torch.Tensor) -> torch.Tensor:
    """Return the (batch, 1, 1, length) float mask that BERT layers add to attention scores."""
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def batches_by_length(ids: list[list[int]], size: int) -> list[list[int]]:
    """Return row batches of similar token length (less padding, same results)."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    return [order[i : i + size] for i in range(0, len(order), size)]


def pad(rows: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack variable-length (length, ...) tensors, zero-padded, with their 0/1 mask."""
    length = max(r.shape[0] for r in rows)
    out = rows[0].new_zeros((len(rows), length, *rows[0].shape[1:]))
    mask = torch.zeros((len(rows), length), dtype=torch.long)
    for i, r in enumerate(rows):
        out[i, : r.shape[0]] = r
        mask[i, : r.shape[0]] = 1
    return out, mask


def tokenize(tokenizer, texts: list[str]) -> list[list[int]]:
    """Return token ids per text, truncated to MAX_LENGTH."""
    return tokenizer(texts, truncation=True, max_length=MAX_LENGTH)["input_ids"]


@torch.inference_mode()
def bottom_states(tokenizer, model: nn.Module, texts: list[str], name: str) -> list[torch.Tensor]:
    """Return each text's hidden states after the frozen bottom layers (fp16, cached in /tmp)."""
    path = CACHE / f"{name}-{len(texts)}-{FROZEN_LAYERS}.pt"
    if path.exists():
        return torch.load(path)
    ids = tokenize(tokenizer, texts)
    out: list[torch.Tensor] = [torch.empty(0)] * len(texts)
    started = time.perf_counter()
    for rows in batches_by_length(ids, 64):
        hidden, mask = run_bottom(model, [torch.tensor(ids[i]) for i in rows])
        for j, i in enumerate(rows):
            out[i] = hidden[j, : len(ids[i])].to(torch.float16).clone()
    rate = len(texts) / (time.perf_counter() - started)
    print(f"ft: cached {name} bottom states, {len(texts)} sentences, {rate:.0f}/s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    torch.save(out, path)
    return out


def run_bottom(model: nn.Module, rows: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the padded hidden states after the bottom FROZEN_LAYERS layers and the mask."""
    ids, mask = pad(rows)
    hidden = model.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
    extended = additive_mask(mask)
    for layer in model.encoder.layer[:FROZEN_LAYERS]:
        hidden = layer(hidden, attention_mask=extended)
    return hidden, mask


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update: W x + (alpha/r) B A x."""

    def __init__(self, base: nn.Linear, rank: int = 8, alpha: float = 16.0):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        # B starts at zero so training starts from the pretrained function exactly.
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scale


def add_lora(layers: list[nn.Module], rank: int, ffn: bool) -> None:
    """Freeze `layers` and wrap query/value (and the FFN pair when `ffn`) with adapters."""
    for layer in layers:
        for p in layer.parameters():
            p.requires_grad_(False)
        attention = layer.attention.self
        attention.query = LoRALinear(attention.query, rank)
        attention.value = LoRALinear(attention.value, rank)
        if ffn:
            layer.intermediate.dense = LoRALinear(layer.intermediate.dense, rank)
            layer.output.dense = LoRALinear(layer.output.dense, rank)


class Head(nn.Module):
    """Trainable top of the network: some BERT layers, masked mean pooling, a linear score."""

    def __init__(self, layers: list[nn.Module], width: int = 384):
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.dropout = nn.Dropout(0.1)
        self.out = nn.Linear(width, 1)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        extended = additive_mask(mask)
        for layer in self.layers:
            hidden = layer(hidden, attention_mask=extended)
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.out(self.dropout(pooled)).squeeze(-1)


class FullNet(nn.Module):
    """Embeddings, the bottom layers and a Head: the whole network, for `lora-all`."""

    def __init__(self, model: nn.Module, head: Head):
        super().__init__()
        self.model = model
        self.head = head

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.model.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
        extended = additive_mask(mask)
        for layer in self.model.encoder.layer[:FROZEN_LAYERS]:
            hidden = layer(hidden, attention_mask=extended)
        return self.head(hidden, mask)
