"""Course, manual, lesson, training-event and certificate models, one module per area."""
