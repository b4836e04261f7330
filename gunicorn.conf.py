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
