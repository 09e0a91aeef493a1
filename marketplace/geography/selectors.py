"""Reads of the geography: resolving what people type into a province or a commune."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.text import fold
from marketplace.geography.models import Commune, LegacyProvince, Province


def resolve_province(value: str) -> Province | None:
    """Today's province for a code or a name, current or pre-2025.

    "19", "Thái Nguyên", "thai nguyen", "06" (Bắc Kạn's old code) and "Bắc Kạn" all give
    Thái Nguyên. Where an old code is also a current one (15, 44, 52, 80, 82, 91) both point
    at the same province, so the order of the checks does not change the answer.
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        code = value.zfill(2)
        province = Province.objects.filter(code=code).first()
        if province is None:
            legacy = LegacyProvince.objects.select_related("successor").filter(code=code).first()
            province = legacy.successor if legacy else None
        return province
    folded = fold(value)
    for prefix in ("thanh pho ", "tinh ", "tp. ", "tp "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    province = Province.objects.filter(name_folded=folded).first()
    if province is not None:
        return province
    for legacy in LegacyProvince.objects.select_related("successor"):
        names = [legacy.name, *legacy.other_names]
        if folded in {fold(name) for name in names}:
            return legacy.successor
    return None


def resolve_provinces(values: list[str]) -> list[Province]:
    """Resolve several province references, dropping unknown ones and duplicates."""
    seen: dict[str, Province] = {}
    for value in values:
        province = resolve_province(value)
        if province is not None:
            seen.setdefault(province.code, province)
    return list(seen.values())


def commune_by_code(code: str, *, field: str = "commune_code") -> Commune | None:
    """The commune (with its province) of a 2025 code; None when no code is given. A code that
    names no commune is a NOT_FOUND error on `field`."""
    code = (code or "").strip()
    if not code:
        return None
    # The pre-2025 province too: a carrier's quote for the address names it (a join).
    commune = (
        Commune.objects.select_related("province", "legacy_province").filter(code=code).first()
    )
    if commune is None:
        raise ServiceError.single(
            ErrorCode.NOT_FOUND,
            _("There is no commune with code %(code)s.") % {"code": code},
            field,
        )
    return commune


def communes_of(province: Province | str, *, search: str = "") -> QuerySet[Commune]:
    code = province.code if isinstance(province, Province) else province
    queryset = Commune.objects.filter(province_id=code).select_related("province")
    if search:
        queryset = queryset.filter(Q(name_folded__contains=fold(search)) | Q(code=search))
    return queryset.order_by("name_folded")


@dataclass(frozen=True)
class Places:
    """Places a filter names: today's provinces, and pre-2025 provinces meaning "the communes
    that came from them" (Bắc Kạn is the part of Thái Nguyên that used to be Bắc Kạn)."""

    province_codes: tuple[str, ...] = ()
    legacy_codes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.province_codes or self.legacy_codes)


def place_names() -> tuple[list[Province], list[LegacyProvince]]:
    """Every province and pre-2025 province, in two queries (for pickers and resolving)."""
    return (
        list(Province.objects.order_by("code")),
        list(LegacyProvince.objects.select_related("successor").order_by("name_folded")),
    )


def resolve_places(values, names=None) -> Places:
    """Codes or names, current or pre-2025, in at most two queries (none with `names` from
    `place_names()`). A name or code of today's province means all of it; one that only a
    pre-2025 province has means the communes that came from it. Unknown values are dropped."""
    provinces, legacy = names or place_names()
    current_by_code = {p.code: p.code for p in provinces}
    current_by_name = {p.name_folded: p.code for p in provinces}
    legacy_by_code = {p.code: p.code for p in legacy}
    legacy_by_name = {
        fold(name): p.code for p in legacy for name in [p.name, *(p.other_names or [])]
    }
    chosen, chosen_legacy = [], []
    for value in values or ():
        value = (value or "").strip()
        if value.isdigit():
            key = value.zfill(2)
            current, old = current_by_code.get(key), legacy_by_code.get(key)
        else:
            key = fold(value)
            for prefix in ("thanh pho ", "tinh ", "tp. ", "tp "):
                key = key.removeprefix(prefix)
            current, old = current_by_name.get(key), legacy_by_name.get(key)
        if current:
            chosen.append(current)
        elif old:
            chosen_legacy.append(old)
    return Places(tuple(dict.fromkeys(chosen)), tuple(dict.fromkeys(chosen_legacy)))
