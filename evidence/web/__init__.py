"""Evidence's pages in the claim workspace, and archived copies."""
