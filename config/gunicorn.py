"""gunicorn's settings, shared by ``make serve`` and the systemd unit (``gunicorn -c``).

The access log names the path but never the query string: searches such as
``/contacts/?q=<a person's name>`` carry personal data in their parameters, and access logs
are kept, copied and read far more widely than the database. For the same reason the
Referer (a full URL) is not logged. Options given on the command line (``--bind`` in
``make serve``) override these.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Three processes of four threads, sized on two cores with bench/load.py (docs/performance.md,
# "Under load"): more throughput and lower percentiles than six synchronous workers or two of
# eight threads. Each thread keeps one database connection: workers x threads per app server.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# With threads (gthread) the worker's main loop tells the master it is alive while a thread
# streams a long export, so `timeout` (30 s) does not cut it; a synchronous worker
# (GUNICORN_THREADS=1) would be killed by it in the middle of a download longer than that.
# The proxy's address: only it may set X-Forwarded-Proto (gunicorn reads the same variable).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string; %(M)s the time taken in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
