"""Learner accounts: registration and claims, one-time codes, their admin."""
