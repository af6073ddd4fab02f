"""The pure core of postsale: arrays and frozen models in, frozen results out.

Nothing in this package reads files, prints, reads the clock or keeps global state; the adapters
(``postsale.io``, ``postsale.report``, ``postsale.cli``) do that around it.
"""
