"""Hand-written Qt item models over plain records."""
