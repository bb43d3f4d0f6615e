# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Locking the record that heads a ledger (a stored-value card, a package
card, a client's points) before its balance is read and a line added."""
from trytond.model import fields
from trytond.tools import grouped_slice
from trytond.transaction import Transaction


def lock_ledger(Model, records):
    """Lock records of Model for the rest of the transaction and mark them
    as changed by it.

    ModelSQL.lock takes the row locks with a SELECT ... FOR UPDATE NOWAIT as
    the first statement of a retried transaction.  On PostgreSQL that
    statement takes the REPEATABLE READ snapshot before it gets the locks,
    so a transaction that held them and committed in between would have its
    ledger lines invisible here: the balance read would be stale.  Updating
    the locked rows turns that interleaving into a serialization failure of
    the next locker, which trytond retries with a fresh snapshot."""
    records = sorted({r for r in records if r.id is not None and r.id >= 0},
        key=lambda r: r.id)
    if not records:
        return
    Model.lock(records)
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    for sub_ids in grouped_slice([r.id for r in records], 1000):
        cursor.execute(*table.update(
                [table.id], [table.id],
                where=fields.SQL_OPERATORS['in'](table.id, sub_ids)))
