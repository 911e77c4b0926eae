"""What people are told in the enrollment tests: email subjects, the outbox in order, a page's messages."""

from tests.helpers import uk

CONFIRMED_SUBJECT = "Your place is confirmed: %(title)s"
WAITLISTED_SUBJECT = "You are on the waiting list: %(title)s"
PENDING_SUBJECT = "We have received your request: %(title)s"
PROMOTED_SUBJECT = "A place has become free for you: %(title)s"
APPROVED_SUBJECT = "Your request has been approved: %(title)s"
DECLINED_SUBJECT = "Your request was not approved: %(title)s"
CANCELLED_SUBJECT = "Training cancelled: %(title)s"


def subject(message: str, session) -> str:
    return "[Hromada LMS] " + uk(message, title=session.title)


def sent(mailoutbox) -> list[tuple[str, str]]:
    """(recipient, subject) of every email sent, in order."""
    return [(message.to[0], message.subject) for message in mailoutbox]
