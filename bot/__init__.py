"""Composition root: settings, the Telegram and Bale bots, the dispatcher, middlewares and the CLI.

The only package that wires the others together.
"""
