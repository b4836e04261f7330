"""Messages to people: the outbox (one function writes it), templates per event, the backends that send them.

Other modules write messages through :func:`app.notifications.outbox.write_outbox` (one message) or
:func:`app.notifications.events.notify_user` / :func:`notify_applicant` (an event, in each of the person's
channels, worded by the event's template); nothing sends in a request: the worker does
(:mod:`app.notifications.sending`)."""
