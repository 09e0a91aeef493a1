from django.contrib import admin

from marketplace.admin_actions import ReadOnlyAdmin
from marketplace.geography.models import Commune, LegacyProvince, Province


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["code", "name", "name_folded"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "successor"]
    search_fields = ["code", "name", "name_folded"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "province", "legacy_province"]
    list_filter = ["province", "division_type"]
    search_fields = ["code", "name", "name_folded"]
    list_select_related = ["province", "legacy_province"]
