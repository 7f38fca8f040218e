"""``python -m evals DATASET [options]`` is ``factcheck eval DATASET [options]``."""

import sys

from factcheck.cli import main

main(["eval", *sys.argv[1:]])
