"""`./poste serve`: the whole local runtime on loopback — HTTP + WebSocket, SMTP, cron loop, queue worker —
with all data under one folder. Ctrl-C stops every part in order and loses no job."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import time
from dataclasses import replace

from domain.actors import SYSTEM
from local.commands.options import add_data_dir, config_of
from local.config import LocalConfig
from local.cron import run_cron_loop
from local.http import build_local_app, http_server
from local.queue_worker import run_queue_worker
from local.runtime import LocalRuntime, open_runtime
from local.smtp import start_smtp
from services.inbound_mail import resend_all_waiting_mail
from services.scope import SystemScope

log = logging.getLogger("poste")
SMTP_DRAIN_SECONDS = 30
EMPTY_HINT = (
    "Aucun cabinet dans {data_dir} : `./poste demo` crée le cabinet de démonstration (personnes, clients, dossiers,"
    " documents, échéances, audiences, courrier) et affiche de quoi se connecter ; `./poste cabinet create` crée"
    " un vrai cabinet."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--http-port", type=int, help="port HTTP (défaut : 8787)")
    parser.add_argument("--smtp-port", type=int, help="port SMTP entrant (défaut : 2525)")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command trace
    config = config_of(args)
    if args.http_port:
        config = replace(config, http_port=args.http_port)
    if args.smtp_port:
        config = replace(config, smtp_port=args.smtp_port)
    return 0 if asyncio.run(serve(config)) else 1


async def serve(config: LocalConfig) -> bool:
    """Runs until Ctrl-C (or SIGTERM), or until a part fails; True when every part stopped cleanly."""
    started = time.perf_counter()
    runtime = open_runtime(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        clean = await _run_parts(runtime, stop, started)
    finally:
        runtime.close()
    print("IA Poste Manager arrêté proprement." if clean else "IA Poste Manager arrêté après une erreur.", flush=True)
    return clean


async def _run_parts(runtime: LocalRuntime, stop: asyncio.Event, started: float) -> bool:
    config, context = runtime.config, runtime.context
    # Mail recorded by an earlier run whose job never reached the queue (the process died in between) is queued now.
    queued = await runtime.queue.pending_job_ids()
    startup = SystemScope(context, SYSTEM, "startup")
    resent = await resend_all_waiting_mail(startup, context.clock.now(), already_queued=queued)
    if resent:
        log.info("queued again %d message(s) left unprocessed by the previous run", resent)
    smtp_server, smtp_handler = await start_smtp(context, config.smtp_host, config.smtp_port)
    http = http_server(build_local_app(context, config.public_dir), config.http_host, config.http_port)
    http_task = asyncio.create_task(http.serve(), name="http")
    while not http.started and not http_task.done():  # noqa: ASYNC110 (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.01)
    if http_task.done():
        smtp_server.close()
        raise SystemExit(f"le serveur HTTP n'a pas pu démarrer sur {config.http_host}:{config.http_port}")
    parts = [
        http_task,
        asyncio.create_task(run_cron_loop(context, config.crons, stop), name="cron"),
        asyncio.create_task(run_queue_worker(runtime, stop), name="queue"),
        asyncio.create_task(run_queue_worker(runtime, stop, audio=True), name="audio-queue"),
    ]
    _announce(runtime, time.perf_counter() - started)
    if not await startup.cross_cabinet.cabinets():
        print(EMPTY_HINT.format(data_dir=config.data_dir), flush=True)
    stop_requested = asyncio.create_task(stop.wait())
    await asyncio.wait([stop_requested, *parts], return_when=asyncio.FIRST_COMPLETED)
    clean = stop_requested.done()
    if not clean:
        log.error("a part of the runtime stopped unexpectedly: stopping the others")
    stop.set()
    print("Arrêt demandé : fin des tâches en cours…", flush=True)
    smtp_server.close()
    try:
        async with asyncio.timeout(SMTP_DRAIN_SECONDS):
            await smtp_handler.wait_idle()
    except TimeoutError:
        log.warning("messages still being received after %ss: their senders will retry", SMTP_DRAIN_SECONDS)
    http.should_exit = True
    for part, outcome in zip(parts, await asyncio.gather(*parts, return_exceptions=True), strict=True):
        if isinstance(outcome, BaseException):
            clean = False
            log.error("part %s failed: %r", part.get_name(), outcome)
    return clean


def _outbound(runtime: LocalRuntime) -> str:
    relay = runtime.config.mail.relay
    if relay is not None:
        return f"relais SMTP {relay.host}:{relay.port}"
    return f"boîte d'envoi {runtime.config.data_dir / 'outbox'} (./poste outbox)"


def _operator_api(runtime: LocalRuntime) -> str:
    if runtime.context.settings.operator_token:
        return "POST /api/operator/cabinets activée (POSTE_OPERATOR_TOKEN)"
    return "API désactivée (POSTE_OPERATOR_TOKEN absent)"


def _announce(runtime: LocalRuntime, seconds: float) -> None:
    config = runtime.config
    lines = [
        f"IA Poste Manager (runtime local) prêt en {seconds * 1000:.0f} ms",
        f"  HTTP + WebSocket  http://{config.http_host}:{config.http_port}/   (santé : /api/health)",
        f"  SMTP entrant      {config.smtp_host}:{config.smtp_port}",
        f"  Cron (UTC)        {', '.join(config.crons) or 'aucun'}",
        f"  File de tâches    {config.data_dir / 'queue.sqlite'} (max_retries={config.queue.max_retries})",
        f"  Données           {config.data_dir}",
        f"  Migrations        {len(runtime.migrations_applied)} appliquée(s) à ce démarrage",
        f"  Courrier sortant  {_outbound(runtime)}",
        f"  Liens envoyés     {runtime.context.settings.base_url}/…   (POSTE_BASE_URL)",
        "  Session           cookie « poste_session » sans Secure ni __Host- : en HTTP sur la boucle locale, les",
        "                    navigateurs les refusent (en HTTPS et sur Workers : « __Host-poste_session », Secure).",
        f"  Exploitation      {_operator_api(runtime)}",
        "Ctrl-C pour arrêter.",
    ]
    print("\n".join(lines), flush=True)
