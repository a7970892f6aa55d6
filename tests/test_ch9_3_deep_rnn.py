"""Graded tests for d2l 9.3, a deep LSTM language model: its layers and its state's shape."""

import random

import pytest

from katas.rnncheck import expect_lstm_model

exercise = pytest.mark.exercise


@exercise("deep_lstm")
def test_deep_lstm(impl, device):
    v, h = random.sample(range(5, 13), 2)
    layers = random.randint(2, 3)
    expect_lstm_model(impl.deep_lstm(v, h, layers), v, h, layers, False, device, f"deep_lstm({v}, {h}, {layers})")
