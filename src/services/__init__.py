"""Use cases: async functions taking ports; no framework, no runtime imports."""
