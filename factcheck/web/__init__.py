"""The web chat (Gradio): ``app`` (page and handlers), ``engine`` (the worker thread that owns
store and model), ``render`` (HTML), ``options`` (command-line checks). Run ``factcheck app``.

Nothing is imported here, so ``factcheck app --help`` and option errors stay fast."""
