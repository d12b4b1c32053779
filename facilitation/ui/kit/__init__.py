"""Shared widgets and page plumbing used by every step and page."""
