"""Records, validation, the step registry and pure helpers: no I/O, no widgets."""
