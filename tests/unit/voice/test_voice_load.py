"""Loading the recogniser: on a thread that ends, the tokenizer read beside the model;
problems still say so."""

from __future__ import annotations

import threading

import ctranslate2
import pytest
import tokenizers

from hfs_tui.voice.listener import default_commands
from hfs_tui.voice.whisper import ModelProblem, WhisperDecoder, find_model


def test_the_model_loads_on_a_thread_that_has_ended_and_the_tokenizer_beside_it(monkeypatch):
    # While the thread that loaded the model lived, every decode took 1.7 times as
    # long on 2 cores (docs/performance.md, twenty-first round). The tokenizer holds
    # the GIL for 0.1-0.2 s and the model load does not, so they load side by side.
    real_model, real_tokenizer = ctranslate2.models.Whisper, tokenizers.Tokenizer
    model_loaded_on: list[threading.Thread] = []
    tokenizer_read_on: list[threading.Thread] = []

    def model(*args: object, **options: object) -> object:
        model_loaded_on.append(threading.current_thread())
        return real_model(*args, **options)

    class Recorded:
        @staticmethod
        def from_file(path: str) -> tokenizers.Tokenizer:
            tokenizer_read_on.append(threading.current_thread())
            return real_tokenizer.from_file(path)

    monkeypatch.setattr(ctranslate2.models, "Whisper", model)
    monkeypatch.setattr(tokenizers, "Tokenizer", Recorded)
    decoder = WhisperDecoder([c.phrase for c in default_commands()])
    assert len(model_loaded_on) == 1 and len(tokenizer_read_on) == 1
    assert model_loaded_on[0] is not threading.current_thread()
    assert not model_loaded_on[0].is_alive()
    assert tokenizer_read_on[0] is threading.current_thread()
    assert decoder.command_for("next section") == "next section"


def test_a_tokenizer_that_cannot_be_read_is_a_model_problem(tmp_path):
    folder = tmp_path / "my-model"
    folder.mkdir()
    for name in ("model.bin", "config.json", "vocabulary.txt"):
        (folder / name).symlink_to(find_model().path / name)
    (folder / "tokenizer.json").write_text("{ not json")
    with pytest.raises(ModelProblem, match="cannot be loaded"):
        WhisperDecoder(["next section"], str(folder))
