"""Cloudflare adapters (KV, R2, Queues, AI, Durable Object stub, send_email). Imported only under Pyodide."""
