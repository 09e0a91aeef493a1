from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from demo.seed import demo_counts, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalogue (DEMO DATA: invented producers and prices): 13 producers, "
        "46 published products, certificates, 3 showrooms run by 2 operators (a manager and a "
        "clerk each) with consigned stock and its opening movements, and shoppers' delivered "
        "orders with their reviews, photos, producer replies and helpful votes (two reviews "
        "wait for moderation). Safe to run again."
    )

    def handle(self, *args, **options):
        # The demo orders' e-mails are sent (and kept, as real ones are) but not printed: on a
        # newcomer's console they would bury the accounts below under fifty order e-mails.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            report = seed_demo()
        created = ", ".join(f"{n} {what}" for what, n in report.created.items() if n)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created or 'nothing new'})."))
        counts = ", ".join(f"{n} {what}" for what, n in demo_counts().items())
        self.stdout.write(f"In the database: {counts}.")
        self.stdout.write("\nDemo accounts (demo passwords, change them anywhere real):")
        for role, email, password in report.credentials:
            self.stdout.write(f"  {role:<32} {email:<42} {password}")
        self.stdout.write(
            "\nStorefront: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/   "
            "Showroom console: http://127.0.0.1:8000/showroom/"
        )
