"""What enrollments do when allauth announces something. Connected in `EnrollmentsConfig.ready()`."""

from enrollments.accounts import verify_sole_address


def verify_address_after_password_reset(sender, *, user, **kwargs) -> None:
    """A password set through an emailed link (a welcome email's or "Forgot your password?") proves the address:
    the person logs in next without a confirmation email."""
    verify_sole_address(user=user)
