"""Qt-free domain: tables, database, storage and the rules the desk follows."""
