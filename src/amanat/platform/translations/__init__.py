"""`amanat translations ...`: the translator's workflow for interface catalogues and content."""
