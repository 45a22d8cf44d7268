"""Options and set-up shared by the CLI commands that work on the local runtime's data."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from domain.actors import Actor
from local.config import LocalConfig
from local.runtime import LocalRuntime, open_runtime
from services.scope import SystemScope

CLI_OPERATOR = Actor("operator", "cli")


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="dossier des données (défaut : $POSTE_DATA_DIR ou .data/)")


def config_of(args: argparse.Namespace) -> LocalConfig:
    config = LocalConfig.from_environment()
    return replace(config, data_dir=args.data_dir.resolve()) if args.data_dir else config


def open_cli_runtime(args: argparse.Namespace) -> LocalRuntime:
    return open_runtime(config_of(args))


def operator_scope(runtime: LocalRuntime) -> SystemScope:
    return SystemScope(runtime.context, CLI_OPERATOR, "cli")
