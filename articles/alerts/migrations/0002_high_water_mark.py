"""Alerts keep a high-water mark instead of a row per past match (issue 17).

AlertSeen (up to 10,000 rows written per new alert) goes; `checked_up_to` becomes `mark`, a point
on the timeline of Sighting (one row per search entry seen public). The entries public now are
recorded as seen long ago, so they are old to every alert, as AlertSeen made them: run
`send_alerts` before migrating, or what became public since its last run is not mailed.
"""

from django.db import migrations, models

BACKFILL = """
INSERT INTO alerts_sighting (kind, object_id, seen_at, public_at)
SELECT kind, object_id, '2000-01-01T00:00:00Z'::timestamptz,
       LEAST(GREATEST(public_from, indexed_at), now())
FROM public.search_entry
WHERE public_from <= now()
ON CONFLICT (kind, object_id) DO NOTHING
"""


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("articles", "0003_search_entry"),
    ]

    operations = [
        migrations.DeleteModel(name="AlertSeen"),
        migrations.RenameField(model_name="alert", old_name="checked_up_to", new_name="mark"),
        migrations.CreateModel(
            name="Sighting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.BigIntegerField()),
                ("seen_at", models.DateTimeField(db_index=True)),
                ("public_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "entry seen public",
                "verbose_name_plural": "entries seen public",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="alerts_sighting_once"
                    )
                ],
            },
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
