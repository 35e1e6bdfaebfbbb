from django.db import migrations

DEFAULT_SCALE = "Default scale"
RATINGS = [
    # label, slug, position (1 = worst; None = outside the order), normalised value, description
    ("True", "true", 5, 1.0,
     "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, 0.75,
     "The statement is accurate but needs clarification or additional information."),
    ("Half true", "half-true", 3, 0.5,
     "The statement is partially accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, 0.25,
     "The statement contains an element of truth but ignores critical facts that would give a different impression."),
    ("False", "false", 1, 0.0,
     "The statement is not accurate."),
    ("Unverifiable", "unverifiable", None, None,
     "The available evidence can neither prove nor disprove the statement; it stands outside the true-to-false order."),
]


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(name=DEFAULT_SCALE, defaults={"is_default": True})
    for label, slug, position, value, description in RATINGS:
        Rating.objects.update_or_create(
            scale=scale,
            slug=slug,
            defaults={"label": label, "position": position, "value": value, "description": description},
        )


def remove_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    Rating.objects.filter(scale__name=DEFAULT_SCALE).delete()
    RatingScale.objects.filter(name=DEFAULT_SCALE).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_initial")]

    operations = [migrations.RunPython(create_default_scale, remove_default_scale)]
