"""Stand-in for workerd's compatibility-flag module: every flag off, as for a Worker that sets none of them."""


def __getattr__(name: str) -> bool:
    return False
