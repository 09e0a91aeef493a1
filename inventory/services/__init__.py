"""Inventory services: the only code that changes stock, consignment agreements, device tokens,
over-the-counter sales and transfers. Every change to a stock row goes through `ledger`."""
