"""`yibao eval`: run fixed question sets through the answering function and score the answers.

- `dataset`: reading and validating question files (factual and calculation items).
- `matching`: whether a retrieved passage holds a source quote, an answer a fact or a figure.
- `metrics`: one `ItemResult` per question, and the summary (hit@k, fact recall, refusals, ...).
- `runner`: answering every item through an injectable answer function (default `bot.answer`).
- `report`: `summary.json`, `answers.jsonl`, `report.md`, `report.html` and the chart.
- `gate`, `compare`: quality thresholds and the difference of two runs.
"""
