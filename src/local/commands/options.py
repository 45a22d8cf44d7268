"""Options and set-up shared by the CLI commands that work on the local runtime's data."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

from domain.actors import Actor
from domain.errors import DomainError
from local.config import LocalConfig
from local.runtime import LocalRuntime, open_runtime
from services.scope import SystemScope

CLI_OPERATOR = Actor("operator", "cli")


def add_data_dir(parser: argparse.ArgumentParser, *, after_action: bool = False) -> None:
    """`after_action`: the option again on an action's subparser, kept only when given there (so it never hides
    the one given before the action)."""
    default = argparse.SUPPRESS if after_action else None
    help_text = "dossier des données (défaut : $POSTE_DATA_DIR ou .data/)"
    parser.add_argument("--data-dir", type=Path, default=default, help=help_text)


def config_of(args: argparse.Namespace) -> LocalConfig:
    config = LocalConfig.from_environment()
    return replace(config, data_dir=args.data_dir.resolve()) if args.data_dir else config


def open_cli_runtime(args: argparse.Namespace) -> LocalRuntime:
    return open_runtime(config_of(args))


def operator_scope(runtime: LocalRuntime) -> SystemScope:
    return SystemScope(runtime.context, CLI_OPERATOR, "cli")


def run_as_operator(
    args: argparse.Namespace, action: Callable[[SystemScope, argparse.Namespace], Coroutine[Any, Any, Any]]
) -> int:
    """Runs one operator action on the local data and prints its JSON answer; a refusal is a French message on
    stderr (with the field it names) and exit status 2."""
    runtime = open_cli_runtime(args)
    try:
        document: Any = asyncio.run(action(operator_scope(runtime), args))
    except DomainError as error:
        field = f" ({error.field})" if error.field else ""
        print(f"Erreur : {error.message}{field}", file=sys.stderr)
        return 2
    finally:
        runtime.close()
    print(json.dumps(document, ensure_ascii=False))
    return 0
