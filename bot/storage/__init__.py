"""What the service keeps: conversation sessions, feedback and unanswered questions (redacted)."""
