"""The speechlint language server (``speechlint lsp``; needs the ``lsp`` extra: pygls).

:func:`speechlint.lsp.server.serve` runs it on standard input and output.  The modules under
it are private: ``_positions`` (offsets ↔ client positions), ``_documents`` (the open texts),
``_session`` (configuration and analyses), ``_scheduler`` (debouncing, staleness),
``_features`` (protocol views) and ``server`` (handler registration only).
"""
