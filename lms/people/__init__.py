"""The people registry's rules: who is this person (matching)."""
