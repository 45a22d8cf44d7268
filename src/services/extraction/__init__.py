"""Extraction use cases: the Workers AI adapter of the `Extractor` port, with grounding and caching."""
