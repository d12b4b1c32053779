"""Serving workshops with Voila: the launcher, kernel manager, websocket guard, supervision."""
