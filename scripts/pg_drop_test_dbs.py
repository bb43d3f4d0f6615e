"Drop the test template databases (test-*) and leftover test_salon_*."
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

uri = urlsplit(sys.argv[1])
with psycopg.connect(
        host=uri.hostname or '127.0.0.1', port=uri.port or 5432,
        user=uri.username or 'postgres', dbname='postgres',
        autocommit=True) as conn:
    names = [r[0] for r in conn.execute(
            "SELECT datname FROM pg_database "
            "WHERE datname LIKE 'test-%%' OR datname LIKE 'test\\_salon\\_%%'")]
    for name in names:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
    if names:
        print(f"dropped {len(names)} stale test databases")
