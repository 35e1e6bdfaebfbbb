"""Publishing: ClaimReview markup and its JSON-LD."""
