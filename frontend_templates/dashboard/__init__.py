"""The producer dashboard at /nha-san-xuat/: thin pages over the vendors, catalog, inventory and
orders services. Each module holds one area; `common` picks the producer and maps errors."""
