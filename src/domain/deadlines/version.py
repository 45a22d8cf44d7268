"""The engine's version, stored with every computed result: a result computed by another version may differ."""

# Bump on any change that can alter a date, a warning or a sentence of a result.
# 2: issue 12 item 8 — one report sentence, warnings only when they apply, art. 911-2 / R622-24 / R421-7 cited,
#    readings returned with the result, tierce opposition, révision, insolvency and administrative-court entries.
ENGINE_VERSION = "2"
