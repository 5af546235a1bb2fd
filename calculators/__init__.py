"""Deterministic calculators over policy rules kept as data in corpus/rules/."""
