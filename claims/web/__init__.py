"""The desk's pages: thin views over claims.services and claims.selectors."""
