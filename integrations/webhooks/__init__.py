"""Signed outbound webhooks: apps subscribe to domain events (marketplace.outbox.events) and
receive each as a signed JSON POST, delivered through the transactional outbox.

- `models`: subscriptions and the delivery log; `targets`: the SSRF guard (a target must be a
  public address, checked when saved and again after DNS resolution at every delivery);
  `signing`: the headers and the HMAC; `sending`: one HTTP attempt to the checked address;
  `services`: subscription writes, the fan-out of one event and each delivery attempt with its
  backoff and the per-subscription circuit breaker; `payloads`: the seam through which the
  GraphQL layer (integrations/graphql/webhooks_payloads.py) checks and renders documents.
"""
