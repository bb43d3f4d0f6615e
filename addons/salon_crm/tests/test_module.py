# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt

from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.salon_crm.party import normalize_phone
from trytond.modules.salon_crm.tests.views import SaoViewsTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class SalonCrmTestCase(
        SaoViewsTestMixin, CompanyTestMixin, ModuleTestCase):
    "Test salon_crm module"
    module = 'salon_crm'

    def test_normalize_phone(self):
        "Phones as a Chinese salon writes them"
        for value in [
                '+86 138 0013 8000', '8613800138000', '138-0013-8000',
                '１３８ ００１３ ８０００', '+86-13800138000']:
            with self.subTest(value=value):
                self.assertEqual(
                    normalize_phone(value, 'CN'), '+8613800138000')
        for value in ['12345', '138-0013', '', None, 'abc']:
            with self.subTest(value=value):
                self.assertIsNone(normalize_phone(value, 'CN'))
        self.assertEqual(
            normalize_phone('06 12 34 56 78', 'FR'), '+33612345678')

    @with_transaction()
    def test_followup_overdue(self):
        "Escalations still open after their SLA are flagged overdue"
        pool = Pool()
        Store = pool.get('salon.store')
        Party = pool.get('party.party')
        Followup = pool.get('salon.followup')
        Complaint = pool.get('sale.complaint')

        company = create_company()
        with set_company(company):
            store, = Store.create([{
                        'name': "Store", 'code': 'S',
                        'company': company.id}])
            client, = Party.create([{
                        'name': "Client", 'salon_client': True,
                        'salon_home_store': store.id}])
            now = dt.datetime.now()
            late, early, handled = Followup.create([{
                        'client': client.id, 'store': store.id,
                        'planned': now, 'result': 'reached',
                        'rating': rating}
                    for rating in [1, 2, 1]])
            Followup.do([late, early, handled])
            self.assertTrue(all(f.complaint for f in [late, early, handled]))
            self.assertEqual(late.complaint.customer, client)
            Followup.write([late, handled], {
                    'sla_due': now - dt.timedelta(hours=1)})
            Complaint.write([handled.complaint], {'state': 'done'})

            flagged = Followup.flag_overdue()

            self.assertEqual(flagged, [late])
            self.assertEqual(
                [f.overdue for f in [late, early, handled]],
                [True, False, False])
            # Flagging again finds nothing new
            self.assertEqual(Followup.flag_overdue(), [])

    @with_transaction()
    def test_birthday_in_future(self):
        "A birthday in the future is refused"
        pool = Pool()
        Party = pool.get('party.party')
        Date = pool.get('ir.date')
        from trytond.model.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            Party.create([{
                        'name': "Future",
                        'salon_birthday': (
                            Date.today() + dt.timedelta(days=1))}])

    @with_transaction()
    def test_salon_employees_follow_user(self):
        "The employees of the record rules follow the user's employees"
        pool = Pool()
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Rule = pool.get('ir.rule')
        User = pool.get('res.user')
        UserEmployee = pool.get('res.user-company.employee')
        transaction = Transaction()
        company = create_company()
        with set_company(company):
            li, wu = Employee.create([{
                        'party': Party.create([{'name': n}])[0].id,
                        'company': company.id,
                        } for n in ["Li", "Wu"]])
            user, = User.create([{
                        'login': 'stylist', 'name': "Stylist",
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'employees': [('add', [li.id])],
                        'employee': li.id,
                        }])

            def employees():
                with transaction.set_user(user.id):
                    return (User.get_salon_employees(),
                        Rule._get_context('party.party')['salon_employees'])
            self.assertEqual(employees(), ((li.id,), (li.id,)))
            self.assertEqual(employees(), ((li.id,), (li.id,)))

            UserEmployee.create([{'user': user.id, 'employee': wu.id}])
            both = tuple(sorted([li.id, wu.id]))
            self.assertEqual(employees(), (both, both))

            User.write([user], {
                    'employee': wu.id, 'employees': [('remove', [li.id])]})
            self.assertEqual(employees(), ((wu.id,), (wu.id,)))

    def _ledger_groups(self):
        "Return lock groups of rows of an earlier transaction"
        pool = Pool()
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        # rows of an earlier transaction (new ones need no lock)
        langs = Lang.search([('code', 'in', ['en', 'zh_CN'])])
        admin, = User.search([('login', '=', 'admin')])
        self.assertEqual(len(langs), 2)
        return [(Lang, langs[::-1] + langs), (User, [admin])]

    def _assert_retry_asks_all(self, error, groups):
        "The retry asks every lock of the groups at once"
        extras = {}
        error.fix(extras)
        self.assertEqual(
            {t: sorted(ids) for t, ids in extras['_lock_records'].items()},
            {Model._table: sorted({r.id for r in records})
                for Model, records in groups})
        return extras

    @with_transaction()
    def test_lock_ledgers_one_retry(self):
        """The locks of several ledgers are asked at once: locked in place
        on PostgreSQL, one retry when another transaction holds them (and
        always on SQLite)"""
        from trytond.modules.salon_crm.ledger import lock_ledgers
        from trytond.transaction import Transaction, TransactionError
        transaction = Transaction()
        groups = self._ledger_groups()
        in_place = transaction.database.has_select_for()

        if in_place:
            lock_ledgers(groups)
            # held: the host's lock of the same rows passes
            for Model, records in groups:
                Model.lock(records)
            with transaction.new_transaction() as other:
                with self.assertRaises(TransactionError) as cm:
                    lock_ledgers(self._ledger_groups())
                other.rollback()
            transaction.rollback()
        else:
            with self.assertRaises(TransactionError) as cm:
                lock_ledgers(groups)
        extras = self._assert_retry_asks_all(cm.exception, groups)

        # the retried transaction holds them all: nothing more is asked
        with transaction.new_transaction(**extras):
            lock_ledgers(self._ledger_groups())

    @with_transaction()
    def test_lock_ledgers_changed_since_snapshot(self):
        """A ledger changed by a transaction committed after this one
        started is not locked in place (its lines would be unseen): the
        transaction is retried"""
        from trytond.modules.salon_crm.ledger import lock_ledgers
        from trytond.transaction import Transaction, TransactionError
        transaction = Transaction()
        with transaction.new_transaction() as first:
            groups = self._ledger_groups()  # takes first's snapshot
            with transaction.new_transaction(**self._retry_extras()) as other:
                lock_ledgers(self._ledger_groups())
                other.commit()
            with self.assertRaises(TransactionError) as cm:
                lock_ledgers(groups)
            first.rollback()
        self._assert_retry_asks_all(cm.exception, groups)

    def _retry_extras(self):
        "Return the start locks a SQLite transaction needs to lock in place"
        from trytond.transaction import Transaction
        if Transaction().database.has_select_for():
            return {}
        return {'_lock_records': {Model._table: [r.id for r in records]
                for Model, records in self._ledger_groups()}}

del ModuleTestCase
