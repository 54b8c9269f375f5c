"""Alembic environment: the app passes its own connection; nothing is read from alembic.ini."""

from alembic import context
from sqlmodel import SQLModel

import inspector.core.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.core.database import include_in_comparison

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table safely.
    render_as_batch=True,
    compare_type=True,
    include_name=include_in_comparison,
)
with context.begin_transaction():
    context.run_migrations()
