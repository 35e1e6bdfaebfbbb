"""Intake: finding the claims in a text, who said them and how check-worthy they are."""
