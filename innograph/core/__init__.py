"""What every layer may import: the exception hierarchy, atomic file writing, the cycle
collector's pause and all wording for people (i18n).

Nothing here imports another innograph layer except the vocabulary (graph/schema.py), which
imports nothing of innograph: so loaders, stores, queries, views and the CLI can all depend
on core without depending on each other (tests/test_contracts.py checks it).
"""
