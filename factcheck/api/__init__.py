"""The REST API's cross-cutting parts: authentication, scopes, errors, paging, preconditions."""
