"""The pages people open: participant, console, presenter, review, homework."""
