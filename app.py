"""factcheck web chat (Gradio). Run: python app.py [--host 127.0.0.1] [--port 7860]."""

from __future__ import annotations

from factcheck.webapp import main

if __name__ == "__main__":
    main()
