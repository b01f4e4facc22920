"""numpy's BLAS kept to one thread once the voice model is loaded.

numpy's OpenBLAS keeps its worker threads spinning for a while after each call.
The log-mel projection (voice/features.py) is one such call, made just before
Whisper decodes. On a 2-core machine those spinning threads took the cores that
CTranslate2's own threads needed: a 2-second command took about 140 ms to decode
instead of 105 ms (docs/performance.md, fifteenth round). The arrays the voice code
gives numpy are small, so one BLAS thread loses nothing.
"""

from __future__ import annotations

import threading

_done = threading.Event()


def keep_blas_to_one_thread() -> None:
    """Limit numpy's OpenBLAS to one thread, once per process (a no-op without
    threadpoolctl, or for a numpy built on another BLAS)."""
    if _done.is_set():
        return
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a declared dependency; without it decoding is only slower
        return
    # Only numpy's OpenBLAS: CTranslate2's OpenMP threads are set by intra_threads.
    ThreadpoolController().select(internal_api="openblas").limit(limits=1)
    _done.set()
