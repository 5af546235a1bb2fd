"""Answers: routing an understood message to a calculation, a composed policy answer or a decline; citations, guard, optional LLM."""
