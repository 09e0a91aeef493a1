"""Benchmark: search, facets and suggestions on the national-scale catalogue (PostgreSQL).

    .venv/bin/python bench/search.py            # or: make bench-search

Prepares a PostgreSQL database `ocop_bench_search` (BENCH_DATABASE_URL to use another) with the
generated 20,000-product catalogue (once; it is kept), times a full `search_reindex`, then runs
a fixed list of queries (single words, several words, without diacritics, with a typo, pre-2025
province names, with and without filters) many times each, in-process at the service layer
(`get_backend().search/facets/suggest`), and prints p50/p95 per kind and per group of queries.
Then it starts gunicorn and asks the same over HTTP: `products(search, filter)`,
`productFacets(search, filter)` and `searchSuggestions(query)` (skipped, with a note, if the
schema does not have those fields). Targets: search p95 <= 30 ms, facets <= 60 ms, suggestions
<= 15 ms; a full reindex under 60 s.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import (  # noqa: E402
    PYTHON,
    Server,
    default_database,
    django_setup,
    ensure_database,
    percentile,
    post,
)

# (group, query, filters): filters as SearchFilters keyword arguments, "sector" resolved by name.
SEARCHES = [
    ("single word", "miến", {}),
    ("single word", "chè", {}),
    ("single word", "rượu", {}),
    ("single word", "xoài", {}),
    ("single word", "arabica", {}),
    ("several words", "miến dong", {}),
    ("several words", "nước mắm cá cơm", {}),
    ("several words", "chè shan tuyết", {}),
    ("several words", "mật ong hoa nhãn", {}),
    ("several words", "cà phê arabica sơn la", {}),
    ("no diacritics", "mien dong", {}),
    ("no diacritics", "nuoc mam ca com", {}),
    ("no diacritics", "che shan tuyet moc chau", {}),
    ("no diacritics", "kho ca sac can tho", {}),
    ("no diacritics", "ca phe", {}),
    ("typo", "tuyat", {}),
    ("typo", "mienn dong", {}),
    ("typo", "arabca", {}),
    ("typo", "shann tuyet", {}),
    ("typo", "xoaai say deo", {}),
    ("pre-2025 province", "bac kan", {}),
    ("pre-2025 province", "Hòa Bình", {}),
    ("pre-2025 province", "mien dong bac kan", {}),
    ("pre-2025 province", "soc trang", {}),
    ("pre-2025 province", "quang nam", {}),
    ("filters", "", {}),  # the storefront's default listing
    ("filters", "", {"stars": {4, 5}}),
    ("filters", "", {"province_codes": {"14"}, "in_stock": True}),
    ("filters", "", {"sector": "Sản phẩm thực phẩm", "price_lte": 100_000}),
    ("filters", "mien dong", {"in_stock": True}),
    ("filters", "che", {"province_codes": {"14", "19"}}),
    ("filters", "mat ong", {"price_gte": 100_000, "price_lte": 200_000}),
    ("filters", "nuoc mam", {"stars": {5}, "in_stock": True}),
]
SORTS = [("name", None), ("price", None), ("created_at", None), ("stars", None)]
SUGGESTIONS = [
    "m", "mi", "mie", "mien", "mien d", "mien dong b", "bac k", "Bắc", "che s", "chè shan",
    "nuoc m", "htx", "htx che", "son l", "thai ng", "ca p", "tuy", "mat o", "xoai", "sai gon",
]  # fmt: skip


def reindex(env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [str(PYTHON), "manage.py", "search_reindex", "--verbosity", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"search_reindex failed:\n{result.stderr}")
    return time.perf_counter() - started, result.stdout.strip().splitlines()[-1]


def filters_of(options: dict):
    from catalog.models import Category
    from catalog.selectors import category_descendant_ids
    from search.backends.base import SearchFilters

    options = dict(options)
    if "sector" in options:
        sector = Category.objects.get(level=Category.Level.SECTOR, name=options.pop("sector"))
        options["category_ids"] = frozenset(category_descendant_ids(sector))
    for name in ("stars", "province_codes", "vendor_ids"):
        if name in options:
            options[name] = frozenset(options[name])
    return SearchFilters(**options)


def timed(call, repeat: int) -> list[float]:
    call()  # warm: plans, caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def in_process(repeat: int) -> tuple[dict, dict]:
    """Timings at the service layer: {kind: {group: [ms, ...]}}, and {kind: [(p95 ms, query,
    filters), ...]} to name the slowest queries."""
    from search.backends import get_backend
    from search.backends.base import SearchRequest

    backend = get_backend()
    results: dict = defaultdict(lambda: defaultdict(list))
    slowest: dict = defaultdict(list)
    for group, query, options in SEARCHES:
        filters = filters_of(options)
        request = SearchRequest(query=query, filters=filters, limit=24)
        samples = timed(lambda r=request: backend.search(r), repeat)
        results["search"][group] += samples
        slowest["search"].append((percentile(samples, 0.95), query, options))
        samples = timed(lambda q=query, f=filters: backend.facets(q, f), repeat)
        results["facets"][group] += samples
        slowest["facets"].append((percentile(samples, 0.95), query, options))
    for sort, descending in SORTS:
        for query in ("", "mien dong"):
            request = SearchRequest(query=query, sort=sort, descending=descending, limit=24)
            samples = timed(lambda r=request: backend.search(r), repeat)
            results["search"][f"sorted by {sort}"] += samples
            slowest["search"].append((percentile(samples, 0.95), query, {"sort": sort}))
    for typed in SUGGESTIONS:
        samples = timed(lambda t=typed: backend.suggest(t), repeat)
        results["suggest"]["as you type"] += samples
        slowest["suggest"].append((percentile(samples, 0.95), typed, {}))
    return results, slowest


PRODUCTS = (
    "query Search($search: String, $filter: ProductFilterInput) { products(first: 24, "
    "search: $search, filter: $filter) { totalCount edges { node { id name slug } } } }"
)
FACETS = (
    "query Facets($search: String, $filter: ProductFilterInput) { productFacets(search: $search, "
    "filter: $filter) { sectors { key label count selected } productSets { key label count } "
    "provinces { key label count selected } stars { key label count selected } "
    "vendors { key label count } priceBuckets { gte lt label count selected } "
    "inStock { key label count selected } } }"
)
SUGGEST = (
    "query Suggest($query: String!) { searchSuggestions(query: $query) { kind label target } }"
)


def graphql_filter(options: dict) -> dict:
    """The same filters as the API takes them."""
    result = {}
    if "sector" in options:
        from catalog.models import Category

        sector = Category.objects.get(level=Category.Level.SECTOR, name=options["sector"])
        result["categories"] = [sector.slug]
    if "stars" in options:
        result["stars"] = sorted(options["stars"])
    if "province_codes" in options:
        result["provinces"] = sorted(options["province_codes"])
    if "in_stock" in options:
        result["inStock"] = options["in_stock"]
    if "price_gte" in options or "price_lte" in options:
        result["price"] = {"gte": options.get("price_gte"), "lte": options.get("price_lte")}
    return result


def search_fields_exist(host: str, port: int) -> bool:
    _status, _seconds, _queries, body = post(
        host, port, '{ __type(name: "Query") { fields { name } } }', {}
    )
    names = {field["name"] for field in json.loads(body)["data"]["__type"]["fields"]}
    return {"products", "productFacets", "searchSuggestions"} <= names


def over_http(host: str, port: int, repeat: int) -> dict:
    """{kind: {group: [ms, ...]}} through /graphql/ (one client, one request at a time).

    Runs when the schema has `productFacets` and `searchSuggestions` (see main())."""
    import http.client

    connection = http.client.HTTPConnection(host, port, timeout=30)
    results: dict = defaultdict(lambda: defaultdict(list))
    errors = 0

    def run(kind, group, query, variables):
        nonlocal errors
        for attempt in range(repeat + 1):
            status, seconds, _queries, body = post(host, port, query, variables, connection)
            if status != 200 or b'"errors"' in body:
                errors += 1
            elif attempt:  # the first is the warm-up
                results[kind][group].append(seconds * 1000)

    for group, query, options in SEARCHES:
        variables = {"search": query, "filter": graphql_filter(options)}
        run("products(search)", group, PRODUCTS, variables)
        run("productFacets", group, FACETS, variables)
    for typed in SUGGESTIONS:
        run("searchSuggestions", "as you type", SUGGEST, {"query": typed})
    if errors:
        print(f"  {errors} HTTP requests failed or answered errors")
    return results


def report(title: str, results: dict) -> None:
    print(f"\n{title}")
    print(f"{'kind':<20}{'queries':<22}{'samples':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, groups in results.items():
        everything = [ms for samples in groups.values() for ms in samples]
        for group, samples in groups.items():
            print(
                f"{kind:<20}{group:<22}{len(samples):>8}{statistics.median(samples):>9.1f}"
                f"{percentile(samples, 0.95):>9.1f}{max(samples):>9.1f}"
            )
        print(
            f"{kind:<20}{'ALL':<22}{len(everything):>8}{statistics.median(everything):>9.1f}"
            f"{percentile(everything, 0.95):>9.1f}{max(everything):>9.1f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=default_database("ocop_bench_search"))
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query (default 30)")
    parser.add_argument("--skip-reindex", action="store_true", help="keep the index as it is")
    parser.add_argument("--no-http", action="store_true", help="measure in-process only")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": args.database_url}
    ensure_database(args.database_url, args.products, env)
    if not args.skip_reindex:
        seconds, said = reindex(env)
        print(f"full reindex (manage.py search_reindex): {seconds:.1f} s wall time; {said}")
    django_setup(args.database_url)
    from search.backends import get_backend

    results, slowest = in_process(args.repeat)
    report(
        f"in-process, service layer, {get_backend().name} backend "
        f"({args.repeat} runs of each query)",
        results,
    )
    for kind, rows in slowest.items():
        worst = sorted(rows, key=lambda row: row[0], reverse=True)[:3]
        listed = ", ".join(f"{q or '(empty)'!r} {o or ''}: {ms:.1f}" for ms, q, o in worst)
        print(f"  slowest {kind} (p95 ms): {listed}")
    if args.no_http:
        return
    server = Server(args.port, args.workers, env)
    try:
        if search_fields_exist("127.0.0.1", args.port):
            report(
                f"over HTTP, POST /graphql/ ({args.repeat} runs of each query)",
                over_http("127.0.0.1", args.port, args.repeat),
            )
        else:
            print("\nover HTTP: skipped, the schema has no productFacets/searchSuggestions yet")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
