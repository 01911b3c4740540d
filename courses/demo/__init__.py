"""The demo content of the courses app: manual, courses and events."""
