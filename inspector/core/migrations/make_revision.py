"""Write a new migration by comparing the models with a database upgraded to head.

Usage: python -m inspector.core.migrations.make_revision "what changed" 0003
Review the result: columns added to tables with rows need a server_default.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from inspector.core.database import _alembic_config, make_engine, sqlite_url


def main() -> None:
    message, rev_id = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(sqlite_url(Path(tmp) / "head.db"))
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "head")
        with engine.begin() as conn:
            command.revision(
                _alembic_config(conn), message=message, autogenerate=True, rev_id=rev_id
            )
        engine.dispose()


if __name__ == "__main__":
    main()
