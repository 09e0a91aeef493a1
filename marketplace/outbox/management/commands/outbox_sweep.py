from django.core.management.base import BaseCommand

from marketplace.outbox.dispatch import runs_inline, sweep


class Command(BaseCommand):
    help = (
        "Hand every due outbox message to the workers now (without a broker: run them here), "
        "as the periodic sweep does."
    )

    def handle(self, *args, **options):
        count = sweep()
        verb = "ran" if runs_inline() else "handed over"
        self.stdout.write(f"{verb} {count} outbox message(s)")
