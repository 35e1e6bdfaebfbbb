"""What evidence does when claims announce a change (claims.signals): archive the URLs of appearances,
and put back their archived copies when a removed appearance is restored."""

from django.dispatch import receiver

from claims.signals import appearance_restored, appearance_saved, appearances_imported
from evidence.models import Snapshot
from evidence.services import snapshot_archive_on_commit, snapshot_archive_queue
from factcheck.history import removed_with, rows_restore


@receiver(appearance_saved, dispatch_uid="evidence.archive_appearance")
def archive_appearance(sender, *, appearance, **kwargs) -> None:
    snapshot_archive_on_commit(appearance=appearance)


@receiver(appearances_imported, dispatch_uid="evidence.archive_imported_appearances")
def archive_imported_appearances(sender, *, appearance_ids, **kwargs) -> None:
    snapshot_archive_queue(target="appearance", ids=appearance_ids)


@receiver(appearance_restored, dispatch_uid="evidence.restore_appearance_snapshots")
def restore_appearance_snapshots(sender, *, appearance, removal, **kwargs) -> None:
    rows_restore(Snapshot, removed_with(Snapshot, removal, appearance_id=appearance.pk))
