"""The sizes of load data: how many of each thing a scale asks for."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """What one scale builds. Attendance marks and pre/post-test attempts follow from the sessions (20–40 people,
    mostly three days); self-paced attempts fill the quiz attempts up to `quiz_attempts`."""

    name: str
    participants: int
    sessions: int
    quiz_attempts: int  # the total aimed at, session-bound and self-paced together
    applications: int
    calls: int
    # Session lengths in days and their weights; None: the everyday mix (vocabulary.DAYS, mostly three days).
    days: dict[int, int] | None = None

    @property
    def trainers(self) -> int:
        return max(3, self.sessions // 40)


SCALES = {
    scale.name: scale
    for scale in (
        Scale("XS", participants=200, sessions=10, quiz_attempts=1_000, applications=40, calls=2),
        Scale("S", participants=2_000, sessions=100, quiz_attempts=10_000, applications=400, calls=4),
        Scale("M", participants=20_000, sessions=1_000, quiz_attempts=100_000, applications=4_000, calls=10),
        # A national programme runs longer blended programmes (weekly meetings of five or ten days), which gives
        # the million attendance marks from 5,000 sessions.
        Scale("L", participants=100_000, sessions=5_000, quiz_attempts=500_000, applications=20_000, calls=20,
              days={5: 45, 10: 55}),
    )
}
