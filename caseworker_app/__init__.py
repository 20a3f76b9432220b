"""Caseworker: desktop casework for SEND teams (EHC plans, annual reviews, letters, QA)."""

__version__ = "0.1.0"
