"""Revisions of the shared database, oldest first."""
