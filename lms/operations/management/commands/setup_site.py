"""`manage.py setup_site`: a fresh site's pages, Site and settings, without the demo (lms/operations/skeleton.py)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from content.models import SiteSettings
from lms.operations.skeleton import RolesMissing, build_skeleton


class Command(BaseCommand):
    help = (
        "Create the site's skeleton in Ukrainian and English: home, courses, news, open calls, about and privacy "
        "pages, the default Site and its settings. No demo people or courses. Safe to run again: creates only "
        "what is missing and never changes what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", default="",
                            help="Who runs the site, as the about and privacy pages and the footer name it "
                                 "(default: the name already in the site settings, else WAGTAIL_SITE_NAME).")
        parser.add_argument("--organisation-en", default="",
                            help="The organisation's name in English (default: the same as --organisation).")
        parser.add_argument("--contact-email", default="",
                            help="The address shown at the bottom of every page, which the privacy notice "
                                 "points to.")
        parser.add_argument("--hostname", default="",
                            help="The default Site's host name (default: the host of WAGTAILADMIN_BASE_URL, "
                                 "which replaces only Wagtail's default localhost:80).")
        parser.add_argument("--port", type=int, default=None,
                            help="The default Site's port (default: WAGTAILADMIN_BASE_URL's, else 443 for "
                                 "https and 80 for http).")

    def handle(self, *args, **options):
        contact_email = options["contact_email"].strip()
        if contact_email:
            try:
                validate_email(contact_email)
            except ValidationError as error:
                raise CommandError(f"--contact-email: “{contact_email}” is not an email address.") from error
        hostname, port, explicit = self._host(options)
        organisation = self._organisation(options)
        try:
            skeleton = build_skeleton(organisation=organisation, contact_email=contact_email, hostname=hostname,
                                      port=port, replace_default_host=not explicit)
        except RolesMissing as error:
            raise CommandError(f"The roles {error} are missing: run `manage.py migrate` first.") from error

        self.stdout.write("Created:" if skeleton.created else "Created: nothing, the site was already set up.")
        for line in skeleton.created:
            self.stdout.write(f"  {line}")
        self.stdout.write("Already there (left as it was):")
        for line in skeleton.existing:
            self.stdout.write(f"  {line}")
        if not SiteSettings.for_site(skeleton.site).contact_email:
            self.stdout.write(self.style.WARNING(
                "No contact email yet: set it in the admin (Settings → Site settings) or with --contact-email; "
                "the privacy notice tells people to write to it."))
        self.stdout.write(self.style.SUCCESS(
            f"Site ready at {skeleton.homes[settings.LANGUAGE_CODE].full_url}. Next: manage.py "
            "create_coordinator --email ADDRESS --name \"FULL NAME\"."))

    def _host(self, options) -> tuple[str | None, int | None, bool]:
        """The Site's host name and port, and whether the operator gave them (else: from WAGTAILADMIN_BASE_URL)."""
        if options["hostname"]:
            return options["hostname"].strip().lower(), options["port"], True
        base = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "")
        if not base.hostname:
            return None, options["port"], False
        port = options["port"] or base.port or (443 if base.scheme == "https" else 80)
        return base.hostname, port, options["port"] is not None

    def _organisation(self, options) -> dict[str, str]:
        current = SiteSettings.objects.filter(site__is_default_site=True).first()
        uk = (options["organisation"].strip() or (current and current.organisation_name_uk)
              or settings.WAGTAIL_SITE_NAME)
        en = options["organisation_en"].strip() or (current and current.organisation_name_en) or uk
        return {"uk": uk, "en": en}
