"""factcheck evaluation: datasets, pinned floors, the replay harness entry point."""
