"""Training events: attendance, the trained rule, sign-in sheets, marking, exports, admin."""
