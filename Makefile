# Two entry points: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Nothing may reach a model hub: the embedded models ship inside wheels.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
# llama.cpp compiles from source the first time; use both cores.
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

DEMO_STORE ?= store/demo

.PHONY: demo test lint bench eval clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned to the CPU wheel these machines keep on disk: left to the resolver,
# sentence-transformers would pull a CUDA build of several GB.
$(VENV)/.torch: | $(BIN)/python
	$(BIN)/pip install -q "torch==2.13.0"
	touch $@

# llama.cpp's default build uses every instruction the CPU reports (-march=native). Some virtual
# machines report AMX and then trap on it ("Illegal instruction" in the first long prompt), so
# it is built for AVX2, and never from a wheel that pip cached from a native build.
LLAMA_CMAKE_ARGS ?= $(if $(filter x86_64,$(shell uname -m)),-DGGML_NATIVE=OFF -DGGML_AVX=ON \
  -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)
$(VENV)/.llama: $(VENV)/.torch
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q --no-cache-dir --force-reinstall \
	  --no-deps "llama-cpp-python>=0.3.2,<0.4"
	touch $@

$(VENV)/.base: pyproject.toml $(VENV)/.llama
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.base
	$(BIN)/pip install -q -e ".[test]"
	touch $@

venv: $(VENV)/.base

demo: $(VENV)/.base
	$(BIN)/factcheck ingest evals/data/sample/ --store $(DEMO_STORE)
	$(BIN)/factcheck stats --store $(DEMO_STORE)
	$(BIN)/factcheck claim --store $(DEMO_STORE) \
	  "US forces captured Nicolás Maduro and his wife Cilia Flores in Caracas on 3 January 2026 and took them to New York to face charges."
	$(BIN)/factcheck claim --store $(DEMO_STORE) \
	  "Nicolás Maduro was captured by US forces in Caracas and flown to Miami to stand trial."
	$(BIN)/factcheck claim --store $(DEMO_STORE) \
	  "Nicolás Maduro's trial in New York is scheduled to begin in June 2026."

test: $(VENV)/.test
	$(BIN)/ruff check factcheck tests evals bench app.py
	$(BIN)/python -m pytest -q

# The replay eval (slow: every claim is checked twice in each of three modes by the real model).
# A rerun with the same report directory resumes where the last one stopped.
EVAL_DATASET ?= evals/data/news2026_dev.jsonl
EVAL_REPORT  ?= store/eval-$(basename $(notdir $(EVAL_DATASET)))
EVAL_ARGS    ?=
eval: $(VENV)/.base
	$(BIN)/factcheck eval $(EVAL_DATASET) --report $(EVAL_REPORT) $(EVAL_ARGS)

lint: $(VENV)/.test
	$(BIN)/ruff check factcheck tests evals bench app.py

clean:
	rm -rf $(VENV) store/demo
