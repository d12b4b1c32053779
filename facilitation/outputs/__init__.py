"""What organisers take away: exports, the report, charts, the data dictionary, paper input."""
