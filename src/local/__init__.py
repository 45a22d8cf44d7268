"""The CPython runtime: server, SMTP, cron, queue, SQLite, KV, files, hub; and the CLI."""
