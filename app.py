"""factcheck web chat (Gradio): the same as `factcheck app`.

Run: python app.py [--host 127.0.0.1] [--port 7860] [--auth USER:PASSWORD] [--store DIR]
"""

from __future__ import annotations

import sys

from factcheck.cli import main

if __name__ == "__main__":
    main(["app", *sys.argv[1:]])
