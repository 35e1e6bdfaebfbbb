"""Reader requests: readers (the public form) and partners' tip lines (the API) send claims to check.

guards.py     what a request may carry: cleaning (no HTML), size limits, URL and email checks, the
              per-address and per-email rate limits (the cache), keyed hashes of addresses
services.py   taking a request (matching it on arrival, clustering, the queue cap), attaching requests
              to claims, a new claim from a request, unsubscribing, erasing an address
selectors.py  the triage queue with its clusters and suggestions, a requester's status, demand
links.py      the signed status and unsubscribe links (no login)
outbox.py     the emails to requesters: rows written with the publication, sent by the worker
receivers.py  what a publication means for requesters (claims.signals.publication_created)
tasks.py      the worker's side of the outbox
"""
