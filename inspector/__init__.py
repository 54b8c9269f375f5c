"""Return Inspection Station: film, check and decide returned parcels."""

__version__ = "0.1.0"
APP_NAME = "inspector"
