"""Helpers shared by skcurric's estimators (the wrapped learner, tags, routing)."""
