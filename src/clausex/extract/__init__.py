"""Pure ``str -> records`` functions that the spaCy components call."""
