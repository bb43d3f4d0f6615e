# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Locking the records that head ledgers (a stored-value card, a package
card, a client's points) before their balances are read and lines added."""
from trytond.model import fields
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, TransactionError


class _LedgerLocks(TransactionError):
    """The locks that several ledgers miss, asked together so that the
    transaction is retried once with all of them"""

    def __init__(self, errors):
        super().__init__()
        self.errors = errors

    def fix(self, extras):
        super().fix(extras)
        for error in self.errors:
            error.fix(extras)


def _heads(records):
    return sorted({r for r in records if r.id is not None and r.id >= 0},
        key=lambda r: r.id)


def lock_ledgers(groups):
    """Lock the records of each (Model, records) of groups for the rest of
    the transaction and mark them as changed by it.

    Trytond takes record locks at the start of a transaction: a lock asked
    later makes it retry the transaction with the lock.  Asking every lock
    an action needs at once, as early as it can, costs one retry at most.

    ModelSQL.lock takes the row locks with a SELECT ... FOR UPDATE NOWAIT as
    the first statement of the retried transaction.  On PostgreSQL that
    statement takes the REPEATABLE READ snapshot before it gets the locks,
    so a transaction that held them and committed in between would have its
    ledger lines invisible here: the balance read would be stale.  Updating
    the locked rows turns that interleaving into a serialization failure of
    the next locker, which trytond retries with a fresh snapshot."""
    missing, locked = [], []
    for Model, records in groups:
        records = _heads(records)
        if not records:
            continue
        try:
            Model.lock(records)
        except TransactionError as error:
            missing.append(error)
        locked.append((Model, records))
    if missing:
        raise _LedgerLocks(missing)
    cursor = Transaction().connection.cursor()
    for Model, records in locked:
        table = Model.__table__()
        for sub_ids in grouped_slice([r.id for r in records], 1000):
            cursor.execute(*table.update(
                    [table.id], [table.id],
                    where=fields.SQL_OPERATORS['in'](table.id, sub_ids)))


def lock_ledger(Model, records):
    "Lock the records of Model that head ledgers, see lock_ledgers"
    lock_ledgers([(Model, records)])
