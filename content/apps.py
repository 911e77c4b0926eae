from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"

    def ready(self):
        from wagtail.signals import page_published

        from content.models import CallPage
        from content.receivers import share_call_rules_with_translations

        # A signal, not the admin's `after_publish_page` hook: a call is also published by a workflow's
        # approval and by `publish_scheduled` at its go-live time, and its translations must follow every time.
        page_published.connect(share_call_rules_with_translations, sender=CallPage,
                               dispatch_uid="content.share_call_rules_with_translations")
