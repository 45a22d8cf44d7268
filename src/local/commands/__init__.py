"""One module per `./poste` subcommand, each exposing `add_arguments(parser)` and `run(args) -> int`."""
