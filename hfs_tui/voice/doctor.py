"""Checks for `hfs-tui doctor` and `hfs-tui hear --check`: can voice commands work here?

A recording source, the voice model, then (when there is a source) one real recording.
"""

from __future__ import annotations

from hfs_tui.checks import Check
from hfs_tui.voice import source as sources
from hfs_tui.voice.source import SourceProblem

RECORDER_FIX = ("install a recorder: sudo apt install alsa-utils (arecord), "
                "or pulseaudio-utils (parecord), or pip install PyAudio")


def checks() -> list[Check]:
    """What voice commands need, checked one by one, in the order doctor lists them."""
    found: list[Check] = []
    if sources.pyaudio_available():
        found.append(Check("Recording source", True, "PyAudio microphone"))
    else:
        recorders = sources.available_recorders()
        if recorders:
            found.append(Check("Recording source", True, recorders[0]))
        else:
            found.append(Check("Recording source", False, "", RECORDER_FIX))
    from hfs_tui import settings as settings_model
    from hfs_tui.voice.whisper import model_summary

    ok, detail = model_summary(settings_model.load().settings.voice.model_dir)
    found.append(Check("Voice model", ok, detail))
    if found[0].ok:
        try:
            factory = sources.make_source_factory("")
            with factory():
                pass
            found.append(Check("Microphone", True, "records"))
        except SourceProblem as problem:
            found.append(Check("Microphone", False, str(problem)))
        except Exception as error:  # PortAudio and friends raise many kinds
            found.append(Check("Microphone", False, f"cannot record: {error}"))
    return found
