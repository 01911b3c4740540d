"""Course, manual, lesson, training-event and certificate models, one module per area."""

from .claims import *  # noqa: F403
from .course import *  # noqa: F403
from .events import *  # noqa: F403
from .manual import *  # noqa: F403
from .registry import *  # noqa: F403
