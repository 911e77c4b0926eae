"""Builders for certificates: a rule on the tree's course, and a certificate issued through the service."""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.enrollments.factories import EnrollmentFactory, any_course, attended_every_day


class CertificateRuleFactory(factory.django.DjangoModelFactory):
    """A completion rule on the first course of the tree: every day attended, nothing else."""

    class Meta:
        model = "certificates.CertificateRule"
        skip_postgeneration_save = True

    course = factory.LazyFunction(any_course)
    session = None
    kind = "completion"
    attendance = "every_day"

    @factory.post_generation
    def quizzes(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_quizzes.add(*extracted)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_modules.add(*extracted)


def issued_certificate(*, enrollment=None, full_name: str = "Олександра Щербак", **rule_fields):
    """A certificate issued through the service to a participant who attended every day of a 3-day session."""
    from certificates import services
    from enrollments.models import Profile

    enrollment = enrollment or EnrollmentFactory()
    Profile.objects.update_or_create(user=enrollment.user, defaults={"full_name": full_name})
    if not enrollment.session.certificate_rules.exists():
        rule_fields.setdefault("course", None)
        CertificateRuleFactory(session=enrollment.session, **rule_fields)
    attended_every_day(enrollment)
    [certificate] = services.award_certificates(enrollment_id=enrollment.pk).issued
    return certificate


def wagtail_image(colour: str, *, size=(600, 200)) -> Image:
    """A Wagtail image of one colour (a logo or a signature in the certificate settings)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return Image.objects.create(title=f"Зображення {colour}", file=ImageFile(buffer, name=f"{colour}.png"))
