"""Turn raw English news articles into tidy, validated fact tables."""

__version__ = "0.1.0"
