"""Correction suggestions for reported quotes, and proofreading of whole articles."""

from .engine import Finding, Suggestion, check_text, suggest
from .text import detect_language

__all__ = ["Finding", "Suggestion", "check_text", "detect_language", "suggest"]
