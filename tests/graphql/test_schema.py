from marketplace.graphql.management.commands.write_schema import SCHEMA_PATH, schema_sdl


def test_committed_schema_matches_the_code():
    """Clients read schema.graphql; run `make schema` after changing the API."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_sdl()
