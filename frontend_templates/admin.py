"""The admin's home page opens with the review queues (see templates/admin/review_index.html)."""

from django.contrib import admin

admin.site.index_template = "admin/review_index.html"
