"""Listening analysis: talk-overs, repeated requests, text normalisation."""
