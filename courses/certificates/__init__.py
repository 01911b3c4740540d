"""Certificates: issuing and revoking, rendering, their admin."""
