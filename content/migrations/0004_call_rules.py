"""A call's rules move from each language's CallPage to one Call row that every language version points to.

The Ukrainian version (the one whose rules the translations copied) gives the row its window, places and
eligibility, and keeps its stages and criteria, re-parented to the row: reviews store marks by criterion id, so
the Ukrainian criteria keep their ids. A translation's stage and criterion titles become the English titles when it
lists as many; its own rows go. Saved revisions of call pages learn their call, so an old draft can still be
published. `enrollments` 0010 then points applications and linked sessions to the rows, and 0005 here drops the
pages' copies.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


def _reference(pages):
    return next((page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE), pages[0])


def _translate_rows(model, reference, others, fields):
    """Keep the reference page's rows, re-parented later; English words from a translation listing as many."""
    own = list(model.objects.filter(page=reference).order_by("sort_order", "pk"))
    for other in others:
        theirs = list(model.objects.filter(page=other).order_by("sort_order", "pk"))
        if other.locale.language_code == "en" and len(theirs) == len(own):
            for row, translated in zip(own, theirs, strict=True):
                for field in fields:
                    setattr(row, f"{field}_en", getattr(translated, f"{field}_uk"))
    return own


def call_rows_from_pages(apps, schema_editor):
    CallPage = apps.get_model("content", "CallPage")
    Call = apps.get_model("content", "Call")
    CallStage = apps.get_model("content", "CallStage")
    CallCriterion = apps.get_model("content", "CallCriterion")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")

    versions = {}
    for page in CallPage.objects.select_related("locale").order_by("pk"):
        versions.setdefault(page.translation_key, []).append(page)
    page_type = ContentType.objects.filter(app_label="content", model="callpage").first()
    for pages in versions.values():
        reference = _reference(pages)
        others = [page for page in pages if page.pk != reference.pk]
        call = Call.objects.create(
            name=reference.title[:200], communities=reference.communities, oblasts=reference.oblasts,
            professions=reference.professions, opens_at=reference.opens_at, deadline=reference.deadline,
            places=reference.places, editing_allowed=reference.editing_allowed)
        CallPage.objects.filter(pk__in=[page.pk for page in pages]).update(call=call)
        for model, fields in ((CallStage, ("title", "description")), (CallCriterion, ("title", "description"))):
            for row in _translate_rows(model, reference, others, fields):
                row.call = call
                row.save()
            model.objects.filter(page__in=others).delete()
        if page_type is not None:
            for revision in Revision.objects.filter(content_type=page_type,
                                                    object_id__in=[str(page.pk) for page in pages]):
                revision.content["call"] = call.pk
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0003_calls"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="Call",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="How coordinators find the call in the admin, e.g. “Teachers of Marhanets and Kryvyi Rih, spring 2026”. Applicants read the call page's title.", max_length=200, verbose_name="name")),
                ("communities", models.TextField(blank=True, help_text="One community (hromada) per line. Empty: people from any community may apply.", verbose_name="eligible communities")),
                ("oblasts", models.JSONField(blank=True, default=list, verbose_name="eligible oblasts")),
                ("professions", models.JSONField(blank=True, default=list, verbose_name="eligible professions")),
                ("opens_at", models.DateTimeField(blank=True, help_text="Kyiv time. Empty: open as soon as the call's page is published.", null=True, verbose_name="applications open")),
                ("deadline", models.DateTimeField(help_text="Kyiv time. Applications sent up to this minute are accepted.", verbose_name="deadline")),
                ("places", models.PositiveIntegerField(default=20, verbose_name="places")),
                ("editing_allowed", models.BooleanField(default=True, help_text="Until the deadline, a submitted application can be changed and sent again.", verbose_name="applicants may edit after submitting")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ],
            options={
                "verbose_name": "call",
                "verbose_name_plural": "calls",
                "ordering": ["-deadline", "-pk"],
                "indexes": [models.Index(fields=["deadline"], name="content_cal_deadlin_51f05a_idx")],
            },
        ),
        migrations.AddField(
            model_name="callpage",
            name="call",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="pages",
                                    to="content.call", verbose_name="call"),
        ),
        migrations.RenameField(model_name="callstage", old_name="title", new_name="title_uk"),
        migrations.RenameField(model_name="callstage", old_name="description", new_name="description_uk"),
        migrations.RenameField(model_name="callcriterion", old_name="title", new_name="title_uk"),
        migrations.RenameField(model_name="callcriterion", old_name="description", new_name="description_uk"),
        migrations.AlterField(
            model_name="callstage", name="title_uk",
            field=models.CharField(max_length=200, verbose_name="title (Ukrainian)")),
        migrations.AlterField(
            model_name="callstage", name="description_uk",
            field=models.TextField(blank=True, verbose_name="what happens (Ukrainian)")),
        migrations.AddField(
            model_name="callstage", name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (English)")),
        migrations.AddField(
            model_name="callstage", name="description_en",
            field=models.TextField(blank=True, verbose_name="what happens (English)")),
        migrations.AlterField(
            model_name="callcriterion", name="title_uk",
            field=models.CharField(max_length=200, verbose_name="criterion (Ukrainian)")),
        migrations.AlterField(
            model_name="callcriterion", name="description_uk",
            field=models.TextField(blank=True, verbose_name="what reviewers look for (Ukrainian)")),
        migrations.AddField(
            model_name="callcriterion", name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="criterion (English)")),
        migrations.AddField(
            model_name="callcriterion", name="description_en",
            field=models.TextField(blank=True, verbose_name="what reviewers look for (English)")),
        migrations.AddField(
            model_name="callstage", name="call",
            field=modelcluster.fields.ParentalKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="stages", to="content.call")),
        migrations.AddField(
            model_name="callcriterion", name="call",
            field=modelcluster.fields.ParentalKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="criteria", to="content.call")),
        migrations.RunPython(call_rows_from_pages, migrations.RunPython.noop, elidable=False),
    ]
