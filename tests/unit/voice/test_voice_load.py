"""Loading the recogniser: the tokenizer is read beside the model, problems still say so."""

from __future__ import annotations

import threading

import pytest
import tokenizers

from hfs_tui.voice.listener import default_commands
from hfs_tui.voice.whisper import ModelProblem, WhisperDecoder, find_model


def test_the_tokenizer_is_read_on_its_own_thread_while_the_model_loads(monkeypatch):
    # It holds the GIL for 0.1-0.2 s; the model load does not, so side by side the
    # two take about as long as the model alone.
    real = tokenizers.Tokenizer
    read_on: list[str] = []

    class Recorded:
        @staticmethod
        def from_file(path: str) -> tokenizers.Tokenizer:
            read_on.append(threading.current_thread().name)
            return real.from_file(path)

    monkeypatch.setattr(tokenizers, "Tokenizer", Recorded)
    decoder = WhisperDecoder([c.phrase for c in default_commands()])
    assert len(read_on) == 1 and read_on[0] != threading.current_thread().name
    assert decoder.command_for("next section") == "next section"


def test_a_tokenizer_that_cannot_be_read_is_a_model_problem(tmp_path):
    folder = tmp_path / "my-model"
    folder.mkdir()
    for name in ("model.bin", "config.json", "vocabulary.txt"):
        (folder / name).symlink_to(find_model().path / name)
    (folder / "tokenizer.json").write_text("{ not json")
    with pytest.raises(ModelProblem, match="cannot be loaded"):
        WhisperDecoder(["next section"], str(folder))
