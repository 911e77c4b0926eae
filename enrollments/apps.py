from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "enrollments"

    def ready(self):
        from allauth.account.signals import password_reset

        from enrollments.receivers import verify_address_after_password_reset

        password_reset.connect(verify_address_after_password_reset,
                               dispatch_uid="enrollments.verify_address_after_password_reset")
