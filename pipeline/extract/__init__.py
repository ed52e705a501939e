"""One finder per fact kind: Doc + Article -> records with spans."""
