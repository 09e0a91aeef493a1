from django.contrib import admin

from marketplace.geography.models import Commune, LegacyProvince, Province


class ReadOnlyAdmin(admin.ModelAdmin):
    """Official data loaded from a package: look, do not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
