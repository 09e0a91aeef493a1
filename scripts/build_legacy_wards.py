"""Build the table of pre-2025 wards each 2025 commune was made of, for parcel carriers.

    .venv/bin/python scripts/build_legacy_wards.py [--wheel FILE] [--check]

Source: the ward-level correspondence (63-province → 34-province) of the PyPI package
`vietnamadminunits` 1.0.4 (MIT), compiled from the GSO administrative-unit list and the merger
table the Ministry of Home Affairs and the Department of Survey published with the Standing
Committee's 2025 merger resolutions (sapnhap.bando.com.vn). The package is not a dependency:
its runtime needs shapely and geopy, so the script fetches its wheel with `pip download
--no-deps` (or reads the one --wheel names), opens it as a zip and reads two of its files with
the standard library only:

- `data/converter_2025.json`: per 2025 province, each 2025 ward's wholly absorbed old wards
  (`DICT_PROVINCE_WARD_NO_DIVIDED`), and each old ward that was split, with the 2025 wards
  that share it and which of them the package takes as its main successor
  (`DICT_PROVINCE_WARD_DIVIDED`, `isDefaultNewWard`);
- `data/dataset.db` (SQLite): the old and new units with their codes and full names.

Our communes are the `vietnam-provinces` package's (what `marketplace.geography` loads). Its
codes differ from `vietnamadminunits`' for 114 communes (three Cao Bằng communes have their
codes rotated, for one), so each of ours is matched to the package's by province and folded
name, by code only among same-named ones. The result, `orders/carriers/data/legacy_wards.json`,
lists each 2025 commune's old wards best first (the rule is in `_rank` below); the
application reads only that file. --check exits 1 if the committed file is not what the
build gives.
"""

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "orders" / "carriers" / "data" / "legacy_wards.json"
LEGACY_PROVINCES = ROOT / "marketplace" / "geography" / "data" / "legacy_provinces.json"
PACKAGE = "vietnamadminunits==1.0.4"
PREFIXES = ("Thủ đô ", "Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


def fold(text: str) -> str:
    """Letters and digits only, no diacritics: "Xã  Ea M’Droh" -> "xaeamdroh"."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return "".join(c for c in stripped.replace("đ", "d") if c.isalnum())


def short(name: str) -> str:
    name = " ".join(name.split())
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def fetch_wheel(directory: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", directory, PACKAGE],
        check=True,
    )
    return next(Path(directory).glob("vietnamadminunits-*.whl"))


def read_package(wheel: Path, directory: str):
    with zipfile.ZipFile(wheel) as archive:
        converter = json.loads(archive.read("vietnamadminunits/data/converter_2025.json"))
        db_path = Path(directory) / "dataset.db"
        db_path.write_bytes(archive.read("vietnamadminunits/data/dataset.db"))
    db = sqlite3.connect(db_path)
    new_units = {
        (province_key, ward_key): {"code": code, "name": name, "province": province_code}
        for province_key, ward_key, code, name, province_code in db.execute(
            "SELECT provinceKey, wardKey, wardCode, ward, provinceCode FROM admin_units"
        )
    }
    old_units = {}
    for row in db.execute(
        "SELECT provinceKey, districtKey, wardKey, provinceCode, district, wardCode, ward"
        " FROM admin_units_legacy"
    ):
        province_key, district_key, ward_key, province_code, district, ward_code, ward = row
        old_units[f"{province_key}_{district_key}_{ward_key or ''}"] = {
            "province": province_code,
            "district": " ".join(district.split()),
            "ward_code": ward_code or "",
            "ward": " ".join((ward or "").split()),
        }
    db.close()
    return converter, new_units, old_units


def candidates_by_new_unit(converter, new_units, old_units):
    """{package's 2025 ward code: [(old unit, wholly absorbed, main successor, order)]}."""
    found = defaultdict(list)
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            code = new_units[(province_key, ward_key)]["code"]
            for old_key in old_keys:
                found[code].append((old_units[old_key], True, True, len(found[code])))
    for province_key, split in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, shares in split.items():
            for share in shares:
                code = new_units[(province_key, share["newWardKey"])]["code"]
                found[code].append(
                    (old_units[old_key], False, share["isDefaultNewWard"], len(found[code]))
                )
    return found


def match_communes(ours, new_units):
    """{our commune code: the package's code of the same commune}."""
    by_name = defaultdict(list)
    for unit in new_units.values():
        by_name[(unit["province"], fold(short(unit["name"])))].append(unit["code"])
    matched = {}
    for code, (province, name) in ours.items():
        same_name = by_name.get((province, fold(short(name))), [])
        if len(same_name) == 1:
            matched[code] = same_name[0]
        elif code in same_name:
            matched[code] = code
    return matched


def _rank(commune_codes: tuple[str, str], commune_name: str, candidate) -> tuple:
    """Best candidate first: the old ward whose name the commune kept ("Thị trấn Mai Châu"
    for Xã Mai Châu; several when both a town and a commune bore it); then the one whose code
    it kept (Decision 19/2025/QĐ-TTg gave nearly every new commune the code of one of the old
    units merged into it: Phường Hoàn Kiếm, 00070, is old Phường Hàng Trống), by our code,
    then by the package's where the two differ; then wholly absorbed wards before parts of
    split ones, and among parts those the package takes this commune as the main successor
    of; then the package's order. The source has no old-ward population or area to rank by."""
    ours, theirs = commune_codes
    unit, whole, main, order = candidate
    kept_name = bool(unit["ward"]) and fold(short(unit["ward"])) == fold(short(commune_name))
    return (
        not kept_name,
        unit["ward_code"] != ours,
        unit["ward_code"] != theirs,
        not whole,
        not main,
        order,
    )


def build(wheel: Path, directory: str) -> dict:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    divisions = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    ours = {
        f"{w['code']:05d}": (f"{p['code']:02d}", w["name"]) for p in divisions for w in p["wards"]
    }
    legacy_names = {
        row["code"]: row["name"]
        for row in json.loads(LEGACY_PROVINCES.read_text(encoding="utf-8"))["provinces"]
    }
    converter, new_units, old_units = read_package(wheel, directory)
    found = candidates_by_new_unit(converter, new_units, old_units)
    matched = match_communes(ours, new_units)

    districts: list[list[str]] = []
    district_index: dict[tuple[str, str], int] = {}
    communes = {}
    for code in sorted(ours):
        if code not in matched:
            continue
        ranked = sorted(
            found[matched[code]], key=lambda c: _rank((code, matched[code]), ours[code][1], c)
        )
        rows, seen = [], set()
        for unit, whole, _main, _order in ranked:
            key = (unit["province"], unit["district"], unit["ward_code"], unit["ward"])
            if key in seen:  # an old ward listed twice for the same commune
                continue
            seen.add(key)
            district = (unit["province"], unit["district"])
            if district not in district_index:
                district_index[district] = len(districts)
                districts.append(list(district))
            rows.append([district_index[district], unit["ward_code"], unit["ward"], int(whole)])
        communes[code] = rows
    missing = sorted(set(ours) - set(communes))
    return {
        "about": (
            "The pre-2025 wards each 2025 commune (vietnam-provinces code) was made of, best "
            "candidate first. communes: code -> [[district index, old ward code, old ward name, "
            "1 if wholly absorbed else 0 (part of a split ward)]]; districts: [old province "
            "code, old district name]; provinces: old province code -> name. Generated by "
            "scripts/build_legacy_wards.py from vietnamadminunits 1.0.4 (MIT): see SOURCES.md."
        ),
        "provinces": {code: legacy_names[code] for code in sorted({d[0] for d in districts})},
        "districts": districts,
        "communes": communes,
        "unmatched": missing,
    }


def dump(table: dict) -> str:
    """Compact JSON with one commune (and one district) a line, so that diffs read."""

    def compact(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{"]
    for key, value in table.items():
        if isinstance(value, dict) and key == "communes":
            items = [f"  {compact(k)}:{compact(v)}" for k, v in value.items()]
            lines.append(f'"{key}":{{\n' + ",\n".join(items) + "\n},")
        elif key == "districts":
            lines.append(f'"{key}":[\n' + ",\n".join(f"  {compact(v)}" for v in value) + "\n],")
        else:
            lines.append(f"{compact(key)}:{compact(value)},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded vietnamadminunits wheel")
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        wheel = args.wheel or fetch_wheel(directory)
        table = build(wheel, directory)
    text = dump(table)
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT} differs from the build")
        sys.exit(0 if same else 1)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    total = len(table["communes"]) + len(table["unmatched"])
    print(
        f"{len(table['communes'])}/{total} communes mapped, "
        f"{sum(len(r) for r in table['communes'].values())} old wards, "
        f"unmatched: {table['unmatched'] or 'none'}"
    )


if __name__ == "__main__":
    main()
