"""Identify threats: the Triggers area (referrals and triage) and the Collection plan area."""
