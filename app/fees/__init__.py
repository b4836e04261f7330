"""Fees (一个窗口收费): the rule in an item's guide (rules.py), assessing, paying, waiving and refunding on a case
(service.py). Most items are free: a guide without a ``fee`` rule assesses nothing."""
