"""Course, manual, lesson, training-event and certificate models, one module per area."""

from .accounts import *  # noqa: F403
from .certificates import *  # noqa: F403
from .claims import *  # noqa: F403
from .course import *  # noqa: F403
from .enrolment import *  # noqa: F403
from .events import *  # noqa: F403
from .manual import *  # noqa: F403
