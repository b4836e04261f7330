"""Webhooks for department systems: which events a case step raises (events), who hears of them (queue), how a
delivery is signed (signing) and sent at least once by the worker (delivery)."""
