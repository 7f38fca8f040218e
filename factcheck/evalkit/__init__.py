"""Evaluation: replay datasets as dated news pages and feeds, and score verdicts."""
