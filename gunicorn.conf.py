"""gunicorn settings for serving 一窗: `gunicorn 'app:create_app()'` run from this folder reads this file.

Threaded workers keep client connections open between requests; sync workers close the connection after every
response. In the lifecycle benchmark (bench/lifecycle.py, which serves through this file) keep-alive cut the
task-list p50 from 23 to 13–15 ms; server CPU per case moved from 97–106 to 76–100 ms, inside the machine's
run-to-run noise. Two threads per worker let one request wait for PostgreSQL while the other runs. Workers and
bind address come from the command line or GUNICORN_CMD_ARGS.
"""

worker_class = "gthread"
threads = 2
keepalive = 30  # seconds an idle client connection (or a reverse proxy's upstream connection) stays open
timeout = 120


def post_worker_init(worker: object) -> None:
    """The worker has built the app: keep the ~145,000 objects of the app and its libraries out of the garbage
    collector's full passes. Without this, a full collection walked all of them about once every 300 benchmark
    cases, stopping the worker for 60–120 ms; with it the longest pause measured 2.3 ms, and the collector's time
    per case fell from 1.07 to 0.70 ms (in-process, 300 cases)."""
    import gc

    gc.freeze()
