"""What other apps add to a claim, registered with claims so that claims never imports them
(evidence -> claims only), the way apps register what of theirs expires (factcheck.housekeeping).

An app registers in its AppConfig.ready() (evidence/extensions.py does for evidence); claims asks here
when it reads, shows or serializes a claim. Each registry is a list of functions, called in the order
they were registered:

- `prefetches(shape)`: `function() -> [Prefetch, ...]`, the app's rows a selector's query shape
  loads with the claims (shapes: "workspace", "workspace_appearances", "api", "review_inbox"), so the
  query count stays fixed;
- `publication_content`: `function(claim) -> dict`, the app's part of a publication's content
  (the snapshot the public reads);
- `public_page`: `function(content) -> dict`, what the public page adds to its context from that content;
- `workspace`: `function(request, claim) -> dict`, what the workspace's sections need; the sections'
  templates are registered with `workspace_panel(template)`, shown after the appearances;
- `dashboard`: `function() -> dict`, what the dashboard adds to its context;
- `api_claim_fields`: `function() -> {name: serializer field}`, nested in the API's claim (the names
  stand in the claim serializer's fields, which fixes their place);
- `timeline`: `function(claim) -> [(kind, history event model, lookup), ...]`, the app's rows in
  the claim's timeline (after the claim's own);
- `content_cascades`: `function() -> [model, ...]`, rows deleted with a claim's content row (the
  admin does not ask for a permission to delete them);
- `restorable(kind, url_name, present)`: rows of a claim that can be removed and put back (Undo, and
  Restore in the history): their timeline `kind`, the URL name of their restore view (arguments: the
  claim's pk, the row's pk), and `present(claim) -> set of ids` still on the claim (from the
  workspace's prefetched rows: no query). Claims registers its appearances itself.
"""

PREFETCHES: dict[str, list] = {}
PUBLICATION_CONTENT: list = []
PUBLIC_PAGE: list = []
WORKSPACE: list = []
WORKSPACE_PANELS: list[str] = []
DASHBOARD: list = []
API_CLAIM_FIELDS: list = []
CONTENT_CASCADES: list = []
TIMELINE: list = []
RESTORABLE: dict[str, tuple] = {}


def _adds_to(registry: list):
    def register(function):
        registry.append(function)
        return function

    return register


def prefetches(shape: str):
    """Register `function() -> [Prefetch, ...]` for the query shape `shape` (a decorator)."""
    return _adds_to(PREFETCHES.setdefault(shape, []))


publication_content = _adds_to(PUBLICATION_CONTENT)
public_page = _adds_to(PUBLIC_PAGE)
workspace = _adds_to(WORKSPACE)
dashboard = _adds_to(DASHBOARD)
api_claim_fields = _adds_to(API_CLAIM_FIELDS)
content_cascades = _adds_to(CONTENT_CASCADES)
timeline = _adds_to(TIMELINE)


def restorable(kind: str, *, url_name: str, present) -> None:
    """Register a kind of row of a claim that can be removed and put back (see the module's docstring)."""
    RESTORABLE[kind] = (url_name, present)


restorable(
    "appearance",
    url_name="claims:appearance-restore",
    present=lambda claim: {appearance.pk for appearance in claim.appearances.all()},
)


def workspace_panel(template: str) -> None:
    """Show `template` as a section of the workspace (after the appearances, in registration order)."""
    if template not in WORKSPACE_PANELS:
        WORKSPACE_PANELS.append(template)


def prefetches_for(shape: str) -> list:
    return [prefetch for function in PREFETCHES.get(shape, []) for prefetch in function()]


def merged(registry: list, *args) -> dict:
    """Every registered function's dict for these arguments, merged in registration order."""
    result: dict = {}
    for function in registry:
        result.update(function(*args))
    return result
