"""A learner's way through courses: catalogue, enrolment, completion, views."""
