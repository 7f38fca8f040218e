"""Prompt templates (data files). This file only lets the wheel carry them as a package."""
