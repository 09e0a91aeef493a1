"""Writing the product index: bulk actions, creating the index, and rebuilding it behind its
alias.

Readers and writers use the alias (`{ELASTICSEARCH_INDEX_PREFIX}-products`); the data lives in a
versioned index (`...-products-20250701120000123456`). A rebuild fills a fresh versioned index
(refresh off while loading), then moves the alias onto it in one atomic `update_aliases` call
and deletes the old index: searches see the old index until the instant they see the new one.

Writes made by `index()` while a rebuild runs go to the old index and are lost with it; their
marks are cleared by then, so run a rebuild when the catalogue is quiet or follow it with a
reindex of what changed meanwhile (`Product.objects.filter(updated_at__gte=...)`).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator

from elasticsearch.helpers import streaming_bulk

from search.backends.base import ProductDocument
from search.backends.elasticsearch.mapping import index_body, source_for

CHUNK_SIZE = 500


def index_actions(documents: Iterable[ProductDocument], index: str) -> Iterator[dict]:
    for document in documents:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": str(document.product_id),
            "_source": source_for(document),
        }


def delete_actions(product_ids: Iterable[int], index: str) -> Iterator[dict]:
    for product_id in product_ids:
        yield {"_op_type": "delete", "_index": index, "_id": str(product_id)}


def versioned_name(alias: str, now: datetime.datetime) -> str:
    return f"{alias}-{now:%Y%m%d%H%M%S%f}"


class ProductIndex:
    """The product index of one cluster, behind its alias."""

    def __init__(self, client, alias: str, *, refresh: bool | str = True):
        self.client = client
        self.alias = alias
        # Incremental writes are searchable when `index()`/`remove()` return (a refresh per
        # bulk request of at most CHUNK_SIZE documents); "wait_for" or False trade that away.
        self.refresh = refresh
        self._ready = False

    def ensure(self) -> None:
        """Create the index (a versioned index with the alias) unless the alias exists, so that
        a first write never lets Elasticsearch auto-create an index with guessed mappings; an
        existing one gets the fields mapped since."""
        if self._ready:
            return
        if not self.client.indices.exists(index=self.alias):
            # As the write index: should another process create one at the same moment, the
            # second creation fails (an alias has one write index) rather than leaving the alias
            # on two indices; the failed write raises and its marks stay for the next run.
            self._create(self._new_name(), aliases={self.alias: {"is_write_index": True}})
        else:
            # Fields mapped since the index was made (the ratings) are added in place, as the
            # strict mapping would refuse documents holding them; a changed field still needs
            # a rebuild (Elasticsearch refuses to change one).
            self.client.indices.put_mapping(
                index=self.alias, properties=index_body()["mappings"]["properties"]
            )
        self._ready = True

    def index(self, documents: Iterable[ProductDocument]) -> int:
        self.ensure()
        return self._write(index_actions(documents, self.alias), refresh=self.refresh)

    def remove(self, product_ids: Iterable[int]) -> int:
        self.ensure()
        # Deleting a product the index never had is not an error: count only what was there.
        return self._write(
            delete_actions(product_ids, self.alias), refresh=self.refresh, ignore_status=(404,)
        )

    def rebuild(
        self, documents: Iterable[ProductDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        name = self._new_name()
        self._create(name, refresh_interval="-1")
        try:
            count = self._write(index_actions(documents, name), refresh=False, progress=progress)
            self.client.indices.put_settings(
                index=name,
                settings={"index": {"refresh_interval": None}},  # back to default
            )
            self.client.indices.refresh(index=name)
            previous = self._move_alias(name)
        except BaseException:
            self.client.options(ignore_status=404).indices.delete(index=name)
            raise
        if previous:
            self.client.options(ignore_status=404).indices.delete(index=previous)
        self._ready = True
        return count

    # -- helpers ---------------------------------------------------------------------------

    def _new_name(self) -> str:
        return versioned_name(self.alias, datetime.datetime.now(datetime.UTC))

    def _create(self, name: str, *, aliases: dict | None = None, **settings) -> None:
        body = index_body()
        body["settings"].update(settings)
        if aliases:
            body["aliases"] = aliases
        self.client.indices.create(index=name, **body)

    def _move_alias(self, name: str) -> list[str]:
        """Point the alias at `name` alone, atomically; returns the indices it left."""
        actions: list[dict] = []
        previous: list[str] = []
        if self.client.indices.exists_alias(name=self.alias):
            previous = sorted(self.client.indices.get_alias(name=self.alias).body)
            actions += [{"remove": {"index": index, "alias": self.alias}} for index in previous]
        elif self.client.indices.exists(index=self.alias):
            # A concrete index holds the alias's name (made before aliases were used, or
            # auto-created): drop it in the same atomic step.
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": name, "alias": self.alias, "is_write_index": True}})
        self.client.indices.update_aliases(actions=actions)
        return previous

    def _write(
        self,
        actions: Iterable[dict],
        *,
        refresh: bool | str,
        ignore_status: tuple[int, ...] = (),
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Send the actions in chunks (streamed: the documents are never all in memory); raises
        `elasticsearch.helpers.BulkIndexError` if any fails. Returns how many succeeded."""
        done = pending = 0
        for ok, _item in streaming_bulk(
            self.client,
            actions,
            chunk_size=CHUNK_SIZE,
            refresh=refresh,
            ignore_status=ignore_status,
        ):
            if ok:
                done += 1
                pending += 1
            if progress and pending >= CHUNK_SIZE:
                progress(pending)
                pending = 0
        if progress and pending:
            progress(pending)
        return done
