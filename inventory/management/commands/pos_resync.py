"""`manage.py pos_resync <connection id>`: read every count of the connection's branch from
its POS now and apply it (what the 10-minute pulls do for changes only), then print the
report. `--all` resyncs every connection that is not paused."""

from django.core.management.base import BaseCommand, CommandError

from inventory.models import PosConnection
from inventory.services.pos_ingest import pos_connection_pull


class Command(BaseCommand):
    help = "Full resync of a POS connection's counts (or of every one with --all)."

    def add_arguments(self, parser):
        parser.add_argument("connection", nargs="*", type=int, help="POS connection id(s)")
        parser.add_argument("--all", action="store_true", help="every connection not paused")

    def handle(self, *args, **options):
        ids = options["connection"]
        if options["all"]:
            ids = list(
                PosConnection.objects.exclude(status=PosConnection.Status.PAUSED).values_list(
                    "pk", flat=True
                )
            )
        if not ids:
            raise CommandError("Name a connection id, or use --all.")
        failed = 0
        for pk in ids:
            connection = PosConnection.objects.filter(pk=pk).first()
            if connection is None:
                raise CommandError(f"There is no POS connection {pk}.")
            report = pos_connection_pull(connection_id=pk, full=True)
            if report is None:
                connection.refresh_from_db()
                failed += 1
                self.stderr.write(f"{connection}: not synced: {connection.last_error or 'paused'}")
                continue
            self.stdout.write(
                f"{connection}: {report.applied} applied, {report.rejected} not applied"
            )
            for row in report.rows[:50]:
                self.stdout.write(f"  {row['code']}: {row['status']} – {row['message']}")
        if failed:
            raise CommandError(f"{failed} connection(s) could not be synced.")
