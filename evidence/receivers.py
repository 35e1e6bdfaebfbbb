"""What evidence does when claims announce a change (claims.signals): archive the URLs of appearances."""

from django.dispatch import receiver

from claims.signals import appearance_saved, appearances_imported
from evidence.services import snapshot_archive_on_commit, snapshot_archive_queue


@receiver(appearance_saved, dispatch_uid="evidence.archive_appearance")
def archive_appearance(sender, *, appearance, **kwargs) -> None:
    snapshot_archive_on_commit(appearance=appearance)


@receiver(appearances_imported, dispatch_uid="evidence.archive_imported_appearances")
def archive_imported_appearances(sender, *, appearance_ids, **kwargs) -> None:
    snapshot_archive_queue(target="appearance", ids=appearance_ids)
