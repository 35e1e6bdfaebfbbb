def test_create_then_read_a_claim(token_for, checker):
    api = token_for(checker)
    response = api.post(
        "/api/v1/claims/",
        {
            "text": "China, Japan, and Korea provide electricity almost for free and then dump steel "
            "to the U.S.",
            "summary": "Asian countries subsidise electricity and dump steel",
            "claimant": {"name": "Howard Lutnick", "title": "U.S. Secretary of Commerce"},
            "claimed_on": "2025-07-15",
            "topics": ["Trade", "steel"],
            "appearances": [
                {"url": "https://www.cnbc.com/video/x", "outlet": "CNBC", "medium": "tv", "is_first": True}
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["claimant"]["name"] == "Howard Lutnick"
    assert body["state"] == "new"
    assert body["appearances"][0]["is_first"] is True
    detail = api.get(f"/api/v1/claims/{body['id']}/")
    assert detail.status_code == 200
    assert detail["ETag"]
    listing = api.get("/api/v1/claims/?q=steel")
    assert [c["id"] for c in listing.json()["results"]] == [body["id"]]
