"""Use cases shared by the GUI and the CLI; each takes and returns plain data."""
