"""Checkout and order services: every write of the orders app."""
