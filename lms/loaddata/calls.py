"""Load open calls, each for one oblast, spread over the last two years (the latest still open), and the
applications of load participants to them: drafts, submissions, shortlists and a second stage while a call is
open; acceptances up to its places, rejections and withdrawals once it has closed. Each move is logged as an
`ApplicationChange`, as `enrollments.calls.decisions` logs it.

A call's rules are a coordinator's admin entry (a `Call` with its stages), written as models; load calls have no
pages, so they never show on the public site. Their names start with `CALL_PREFIX`, which `--clear` goes by.
"""

import random
from datetime import date, time, timedelta

from content.models import Call, CallStage
from enrollments.calls.models import Application, ApplicationChange, ApplicationStatus
from lms.loaddata import vocabulary as words
from lms.loaddata.bulk import Weighted, Writer, at
from lms.loaddata.people import Person
from lms.loaddata.sessions import PAST_DAYS

CALL_PREFIX = "Load data: "
STAGES = (("Письмова заявка", "Written application"), ("Співбесіда", "Interview"))
OPEN_OUTCOMES = {ApplicationStatus.DRAFT: 18, ApplicationStatus.SUBMITTED: 55, ApplicationStatus.SHORTLISTED: 15,
                 "second_stage": 12}
CLOSED_OUTCOMES = {ApplicationStatus.DRAFT: 8, ApplicationStatus.WITHDRAWN: 5, ApplicationStatus.REJECTED: 87}


def create_calls(*, writer: Writer, rng: random.Random, count: int, today: date) -> list[Call]:
    """`count` calls, the last one still taking applications; rules and stages only, no pages."""
    oblasts = Weighted({oblast: weight for oblast, (weight, _cities) in words.OBLASTS.items()})
    calls = []
    for number in range(1, count + 1):
        oblast = oblasts.draw(rng)
        deadline = today - timedelta(days=PAST_DAYS) + timedelta(days=(PAST_DAYS + 30) * number // count)
        call = Call(name=f"{CALL_PREFIX}{number:03d} ({words.OBLASTS[oblast][1][0][0]})", oblasts=[oblast],
                    professions=[], opens_at=at(deadline - timedelta(days=30), time(9)),
                    deadline=at(deadline, time(23, 59)), places=rng.randint(15, 40), editing_allowed=True,
                    created_at=at(deadline - timedelta(days=35), time(11)),
                    updated_at=at(deadline - timedelta(days=35), time(11)))
        call.stages = [CallStage(sort_order=position, title_uk=uk, title_en=en)
                       for position, (uk, en) in enumerate(STAGES)]
        call.save()
        calls.append(call)
    writer.add(Call, len(calls))
    writer.add(CallStage, len(calls) * len(STAGES))
    return calls


def create_applications(*, writer: Writer, rng: random.Random, calls: list[Call], participants: list[Person],
                        count: int, today: date) -> None:
    """`count` applications shared among the calls, from people of the call's oblast first."""
    by_oblast: dict[str, list[Person]] = {}
    for person in participants:
        by_oblast.setdefault(person.oblast, []).append(person)
    rows, moves = [], []
    for index, call in enumerate(calls):
        share = count // len(calls) + (1 if index < count % len(calls) else 0)
        local = by_oblast.get(call.oblasts[0], [])
        pool = local if len(local) >= share else participants
        is_open = call.deadline.date() >= today
        outcomes = Weighted(OPEN_OUTCOMES if is_open else CLOSED_OUTCOMES)
        accepted = 0
        for person in rng.sample(pool, min(share, len(pool))):
            begun = call.opens_at + timedelta(hours=rng.randint(1, 24 * 28))
            outcome = outcomes.draw(rng)
            if not is_open and outcome == ApplicationStatus.REJECTED and accepted < call.places and rng.random() < 0.4:
                outcome, accepted = ApplicationStatus.ACCEPTED, accepted + 1
            application, changes = _application(rng, call, person, outcome, begun)
            rows.append(application)
            moves.append(changes)
    applications = writer.insert(Application, rows)
    log = [ApplicationChange(application_id=application.pk, **change)
           for application, changes in zip(applications, moves, strict=True) for change in changes]
    writer.insert(ApplicationChange, log)


def _application(rng: random.Random, call: Call, person: Person, outcome: str, begun) -> tuple[Application, list]:
    """The application as it stands, and its changes (submitted by the applicant, then the decision)."""
    stage = 1 if outcome == "second_stage" else 0
    status = ApplicationStatus.SUBMITTED if outcome == "second_stage" else outcome
    submitted = begun + timedelta(hours=rng.randint(1, 48)) if status != ApplicationStatus.DRAFT else None
    if submitted and submitted > call.deadline:
        submitted = call.deadline - timedelta(minutes=rng.randint(1, 600))
    decided = (call.deadline + timedelta(days=rng.randint(3, 14))
               if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED) else None)
    changes = []
    if submitted:
        changes.append({"changed_by_id": person.pk, "changed_at": submitted, "from_status": ApplicationStatus.DRAFT,
                        "to_status": ApplicationStatus.SUBMITTED, "from_stage": 0, "to_stage": 0})
    if status == ApplicationStatus.SHORTLISTED or stage:
        moved = submitted + timedelta(days=rng.randint(1, 5))
        changes.append({"changed_by_id": None, "changed_at": moved, "from_status": ApplicationStatus.SUBMITTED,
                        "to_status": status, "from_stage": 0, "to_stage": stage})
    if decided:
        changes.append({"changed_by_id": None, "changed_at": decided, "from_status": ApplicationStatus.SUBMITTED,
                        "to_status": status, "from_stage": 0, "to_stage": 0})
    if status == ApplicationStatus.WITHDRAWN:
        changes.append({"changed_by_id": person.pk, "changed_at": submitted + timedelta(days=rng.randint(1, 10)),
                        "from_status": ApplicationStatus.SUBMITTED, "to_status": status, "from_stage": 0,
                        "to_stage": 0})
    updated = changes[-1]["changed_at"] if changes else begun
    application = Application(call=call, applicant_id=person.pk, status=status, stage=stage, answers={},
                              full_name=person.full_name, community=person.community, oblast=person.oblast,
                              profession=person.profession, created_at=begun, updated_at=updated,
                              submitted_at=submitted, decided_at=decided)
    return application, changes
