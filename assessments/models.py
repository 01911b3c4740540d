"""Question bank, quizzes and attempts."""
