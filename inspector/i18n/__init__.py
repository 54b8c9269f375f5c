"""The language layer, below core: which language applies, and every word the desk shows.

- `language`: one `resolve_language` for the windows, core's records, the overlay and the report;
- `phrases`: the phrasebook core writes records with (no Qt);
- `vocabulary`: the kinds of things the desk records (StrEnums) and their words (no Qt);
- `catalogue`: Qt's translation files, installed for the windows or asked per language (QtCore).

Translation upkeep (lupdate, the settings' words) is a developer command:
`python -m tools.translations`.
"""
