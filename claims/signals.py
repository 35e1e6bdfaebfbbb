"""Domain events other apps subscribe to, so that claims never imports them (evidence -> claims only).

- `appearance_saved(appearance)`: sent inside the transaction that saved an appearance through its
  service (evidence archives its URL after commit);
- `appearances_imported(appearance_ids)`: sent after commit for appearances a bulk import wrote
  without their service;
- `appearance_restored(appearance, removal)`: sent inside the transaction that put a removed
  appearance back from its history (`removal`, the event of its removal): evidence puts back the
  archived copies removed with it;
- `publication_created(publication)`: sent inside the publish transaction, after the publication is
  written (claims.requests queues the requesters' emails).

Receivers are connected in their app's `ready()` (evidence/receivers.py, claims/requests/receivers.py).
"""

from django.dispatch import Signal

appearance_saved = Signal()
appearances_imported = Signal()
appearance_restored = Signal()
publication_created = Signal()
