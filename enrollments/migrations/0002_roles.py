from django.db import migrations


def create_roles(apps, schema_editor):
    from content.roles import configure_roles

    configure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0001_initial"),
        ("courses", "0001_initial"),
        ("content", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
