"""The storefront: catalogue pages, cart, checkout and the shopper's account."""
