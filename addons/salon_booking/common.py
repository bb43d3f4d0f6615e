# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import logging

from sql.operators import Equal

from trytond import backend
from trytond.model import Exclude
from trytond.sql.functions import TSRange
from trytond.sql.operators import RangeOverlap
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)


def ensure_btree_gist():
    """Create PostgreSQL's btree_gist extension if missing.

    An Exclude mixing Equal with a range operator needs it and Tryton
    silently skips such a constraint without it (see has_constraint)."""
    if backend.name != 'postgresql':
        return
    database = Transaction().database
    if database.has_extension('btree_gist'):
        return
    # has_extension looks through another connection, so commit the
    # extension on its own connection before the tables are registered.
    connection = database.get_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute('CREATE EXTENSION IF NOT EXISTS btree_gist')
        connection.commit()
    except Exception:
        connection.rollback()
        logger.warning(
            "could not create btree_gist: the booking invariant falls "
            "back to lock + check", exc_info=True)
    finally:
        database.put_connection(connection)
    database._extensions[database.name].pop('btree_gist', None)


def no_overlap(table, column):
    """Return the exclusion of two rows with the same column whose
    [start, end) intervals overlap (needs btree_gist: see OverlapMixin)"""
    return Exclude(table,
        (column, Equal),
        (TSRange(table.start, table.end, '[)'), RangeOverlap))


class OverlapMixin:
    "Register btree_gist before the tables so no_overlap is not skipped"
    __slots__ = ()

    @classmethod
    def __register__(cls, module):
        ensure_btree_gist()
        super().__register__(module)


def to_utc(local, tzinfo):
    "Convert a naive local datetime of tzinfo into a naive UTC datetime"
    return local.replace(tzinfo=tzinfo).astimezone(
        dt.timezone.utc).replace(tzinfo=None)


def to_local(utc, tzinfo):
    "Convert a naive UTC datetime into a naive local datetime of tzinfo"
    return utc.replace(tzinfo=dt.timezone.utc).astimezone(
        tzinfo).replace(tzinfo=None)


def format_local(utc, tzinfo):
    return to_local(utc, tzinfo).strftime('%Y-%m-%d %H:%M')
