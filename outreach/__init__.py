"""Outreach: a desktop media-contact and outreach manager."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("outreach")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
