"""Workshop facilitation kit for city peer-learning workshops, built on Jupyter and Voila."""

__version__ = "0.1.0"
