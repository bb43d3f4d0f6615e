"Exit 0 when the PostgreSQL server of the URI in argv[1] answers."
import sys
from urllib.parse import urlsplit

import psycopg

uri = urlsplit(sys.argv[1])
try:
    psycopg.connect(
        host=uri.hostname or '127.0.0.1', port=uri.port or 5432,
        user=uri.username or 'postgres', dbname='postgres',
        connect_timeout=5).close()
except psycopg.Error as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
