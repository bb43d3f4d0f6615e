# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Locking the records that head ledgers (a stored-value card, a package
card, a client's points) before their balances are read and lines added."""
from sql import For

from trytond import backend
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

    On PostgreSQL the rows are locked where the transaction stands, with
    SELECT ... FOR UPDATE NOWAIT, then updated.  That succeeds when no other
    transaction holds them and none changed them since this transaction's
    REPEATABLE READ snapshot, so the ledger lines read after it are current.
    Otherwise (held, or changed since the snapshot) the transaction is
    retried the host's way, with the locks taken at its start.

    Trytond takes record locks at the start of a transaction: a lock asked
    later makes it retry the transaction with the lock (always so on
    SQLite).  Asking every lock an action needs at once, as early as it can,
    costs one retry at most.

    ModelSQL.lock takes the row locks with a SELECT ... FOR UPDATE NOWAIT as
    the first statement of the retried transaction.  On PostgreSQL that
    statement takes the REPEATABLE READ snapshot before it gets the locks,
    so a transaction that held them and committed in between would have its
    ledger lines invisible here: the balance read would be stale.  Updating
    the locked rows turns that interleaving into a serialization failure of
    the next locker, which trytond retries with a fresh snapshot; it also
    makes any later locker in place fall back to the retry."""
    groups = [(Model, heads) for Model, records in groups
        if (heads := _heads(records))]
    if not groups:
        return
    transaction = Transaction()
    if transaction.database.has_select_for():
        try:
            _lock_in_place(groups)
        except backend.DatabaseOperationalError as error:
            # the transaction is aborted: retry it with the locks
            missing = _missing(groups)
            if not missing:
                raise
            raise _LedgerLocks(missing) from error
    else:
        missing = _missing(groups)
        if missing:
            raise _LedgerLocks(missing)
    cursor = transaction.connection.cursor()
    for Model, records in groups:
        table = Model.__table__()
        for sub_ids in grouped_slice([r.id for r in records], 1000):
            cursor.execute(*table.update(
                    [table.id], [table.id],
                    where=fields.SQL_OPERATORS['in'](table.id, sub_ids)))


def _missing(groups):
    "Return the lock errors of the groups not locked by the transaction"
    missing = []
    for Model, records in groups:
        try:
            Model.lock(records)
        except TransactionError as error:
            missing.append(error)
    return missing


def _lock_in_place(groups):
    """Lock the rows of the groups now, without waiting; raise
    DatabaseOperationalError when one is held or changed since the
    snapshot"""
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    # the host's own sets of the rows the transaction holds (taken at its
    # start or here): a later ModelSQL.lock of them passes
    held = transaction._locked_records
    taken = []
    for Model, records in groups:
        ids = [r.id for r in records if r.id not in held[Model._table]]
        table = Model.__table__()
        for sub_ids in grouped_slice(ids, 1000):
            cursor.execute(*table.select(table.id,
                    where=fields.SQL_OPERATORS['in'](table.id, sub_ids),
                    for_=For('UPDATE', nowait=True)))
        taken.append((Model._table, ids))
    for table, ids in taken:
        held[table].update(ids)


def lock_ledger(Model, records):
    "Lock the records of Model that head ledgers, see lock_ledgers"
    lock_ledgers([(Model, records)])
