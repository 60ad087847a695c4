from django.db import migrations, models

# The seed once stored "in the top 30" as a quantity of 30 with this invented unit; a database
# loaded from it gets the rank it means (a later `make seed` would write the same).
INVENTED_GROUP_UNIT = "tỉnh, thành phố có chỉ số cao (nhóm)"


def ranks_from_invented_unit(apps, schema_editor):
    Target = apps.get_model("articles", "Target")
    Target.objects.filter(unit_vi=INVENTED_GROUP_UNIT).update(
        measure="rank", unit="", unit_vi="", unit_en=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="target",
            name="measure",
            field=models.CharField(
                choices=[
                    ("quantity", "quantity (value and unit)"),
                    ("rank", "rank (in the top N)"),
                ],
                default="quantity",
                help_text="A rank is a place among others: 30 reads “in the top 30”; no unit.",
                max_length=10,
                verbose_name="what the value measures",
            ),
        ),
        migrations.RunPython(ranks_from_invented_unit, migrations.RunPython.noop),
    ]
