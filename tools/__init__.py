"""Developer commands: run from the source tree, never shipped with the app."""
