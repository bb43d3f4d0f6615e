# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import re
import unittest
from decimal import Decimal
from unittest.mock import patch

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, activate_module, drop_db, with_transaction)
from trytond.transaction import Transaction, TransactionError

from .card_setup import sell, setup_card_company

MOBILE = '+8613800138000'


def setup_otp(company, **options):
    """Set up a company selling at a POS, a client with a mobile and a
    stored-value card of 1,000; options are the membership configuration"""
    pool = Pool()
    Card = pool.get('salon.card')
    Configuration = pool.get('salon.membership.configuration')
    Party = pool.get('party.party')
    Store = pool.get('salon.store')
    setup = setup_card_company(company)
    store, = Store.create([{
                'name': "Store", 'code': 'S', 'company': company.id}])
    client, = Party.create([{
                'name': "Client", 'salon_client': True,
                'salon_home_store': store.id,
                'contact_mechanisms': [('create', [{
                                'type': 'mobile', 'value': MOBILE}])],
                }])
    card, = Card.create([{'client': client.id}])
    sell(setup, setup['top_up'], 1000,
        [(setup['cash'], Decimal(1000), None)], card=card)
    config = Configuration(1)
    for name, value in options.items():
        setattr(config, name, value)
    config.save()
    setup.update(client=client, sv_card=card, store=store)
    return setup


def open_sale(setup, **values):
    "Return an open POS sale of 100 of the service to the client"
    Sale = Pool().get('sale.point.sale')
    sale, = Sale.create([dict({
                    'point': setup['pos'].id,
                    'salon_client': setup['client'].id,
                    'lines': [('create', [{
                                    'product': setup['service'].id,
                                    'quantity': 100.,
                                    'unit_list_price': Decimal(1),
                                    'unit_gross_price': Decimal(1),
                                    }])],
                    }, **values)])
    return sale


def spend(setup, sale, code=None, amount=100):
    "Enter code on the sale and pay amount of it with the card"
    pool = Pool()
    Sale = pool.get('sale.point.sale')
    Payment = pool.get('sale.point.payment')
    if code is not None:
        Sale.write([sale], {'salon_otp_code': code})
    payment, = Payment.create([{
                'sale': sale.id, 'method': setup['card'].id,
                'amount': Decimal(amount),
                'salon_card': setup['sv_card'].id}])
    return payment


def sent_code(client):
    "Return the code of the last message queued to client and the message"
    Outbox = Pool().get('salon.outbox')
    message, = Outbox.search([
            ('party', '=', client.id),
            ('kind', '=', 'otp'),
            ], order=[('id', 'DESC')], limit=1)
    match = re.search(r'\b(\d{6})\b', message.body)
    return match.group(1) if match else None, message


def run(func, *args):
    """Run func in its own transaction as a RPC call does: committed if it
    returns, rolled back if it raises"""
    extras = {}
    while True:
        with Transaction().start(DB_NAME, 1, **extras) as transaction:
            try:
                return func(*args)
            except TransactionError as e:
                transaction.rollback()
                e.fix(extras)
                continue


def wrong(code):
    return '%06d' % ((int(code) + 1) % 10 ** 6)


class OTPTestCase(unittest.TestCase):
    "Test the one-time codes asked before a spend or a redemption"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module('salon_membership')

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()

    @with_transaction()
    def test_option_off_spends_without_code(self):
        "Without the option the card is spent with no code"
        pool = Pool()
        Card = pool.get('salon.card')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company)
            sale = open_sale(setup)
            self.assertFalse(Sale(sale.id).salon_otp_required)
            spend(setup, sale)
            self.assertEqual(Card(setup['sv_card'].id).balance, Decimal(900))

    @with_transaction()
    def test_send_code(self):
        "The outbox holds the code sent to the mobile, the database a hash"
        pool = Pool()
        OTP = pool.get('salon.otp')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            sale = open_sale(setup)
            self.assertTrue(Sale(sale.id).salon_otp_required)
            self.assertEqual(sale.salon_otp_purpose, 'card')
            Sale.salon_send_otp([sale])

            code, message = sent_code(setup['client'])
            self.assertRegex(code, r'^\d{6}$')
            self.assertEqual(message.channel, 'sms')
            self.assertEqual(message.recipient, MOBILE)
            self.assertEqual(message.state, 'queued')
            self.assertEqual(
                message.body, "Your code: %s, valid 10 minutes" % code)

            otp, = OTP.search([('client', '=', setup['client'].id)])
            self.assertEqual(otp.purpose, 'card')
            self.assertEqual(otp.attempts, 0)
            self.assertIsNone(otp.used)
            table = OTP.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*table.select(where=table.id == otp.id))
            row = cursor.fetchone()
            self.assertFalse([v for v in row if code in str(v)])
            self.assertEqual(len(otp.code_hash), 64)
            self.assertTrue(10 < (otp.expiry - otp.create_date)
                .total_seconds() / 60 <= 10.1)

    @with_transaction()
    def test_send_code_no_phone(self):
        "A client without a phone number gets no code"
        pool = Pool()
        ContactMechanism = pool.get('party.contact_mechanism')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            ContactMechanism.delete(setup['client'].contact_mechanisms)
            sale = open_sale(setup)
            with self.assertRaises(UserError) as cm:
                Sale.salon_send_otp([sale])
            self.assertIn("no mobile or phone", cm.exception.message)

    @with_transaction()
    def test_spend_checks_code(self):
        "A spend needs the right code, used once, in time"
        pool = Pool()
        Card = pool.get('salon.card')
        OTP = pool.get('salon.otp')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            balance = lambda: Card(setup['sv_card'].id).balance  # noqa: E731
            sale = open_sale(setup)

            with self.assertRaises(UserError) as cm:
                spend(setup, sale)
            self.assertIn('press "Send Code"', cm.exception.message)

            Sale.salon_send_otp([sale])
            code, _ = sent_code(setup['client'])
            with self.assertRaises(UserError) as cm:
                spend(setup, sale)
            self.assertIn("needs the code", cm.exception.message)
            with self.assertRaises(UserError) as cm:
                spend(setup, sale, wrong(code))
            self.assertIn("4 attempts left", cm.exception.message)

            otp, = OTP.search([('client', '=', setup['client'].id)])
            OTP.write([otp], {
                    'expiry': dt.datetime.now() - dt.timedelta(seconds=1)})
            with self.assertRaises(UserError) as cm:
                spend(setup, sale, code)
            self.assertIn("has expired", cm.exception.message)
            self.assertEqual(balance(), Decimal(1000))

            # a new code replaces the expired one
            Sale.salon_send_otp([sale])
            new_code, _ = sent_code(setup['client'])
            if new_code != code:
                with self.assertRaises(UserError):
                    spend(setup, sale, code)
            # read out in two groups
            spend(setup, sale, new_code[:3] + ' ' + new_code[3:])
            self.assertEqual(balance(), Decimal(900))
            self.assertIsNone(Sale(sale.id).salon_otp_code)
            used = OTP.search([
                    ('client', '=', setup['client'].id),
                    ('used', '!=', None)])
            self.assertEqual([o.sale for o in used], [sale])

            # the code can not be used again, on this sale or another
            other = open_sale(setup)
            for sale_ in [sale, other]:
                with self.assertRaises(UserError) as cm:
                    spend(setup, sale_, new_code, amount=10)
                self.assertIn("No unused code", cm.exception.message)
            self.assertEqual(balance(), Decimal(900))

    @with_transaction()
    def test_void_after_max_attempts(self):
        "A code entered wrong 5 times is void, even the right one"
        pool = Pool()
        OTP = pool.get('salon.otp')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            sale = open_sale(setup)
            Sale.salon_send_otp([sale])
            code, _ = sent_code(setup['client'])
            otp, = OTP.search([('client', '=', setup['client'].id)])
            # the attempts are counted once the transaction has ended:
            # see OTPAttemptTestCase
            OTP.write([otp], {'attempts': 5})
            with self.assertRaises(UserError) as cm:
                spend(setup, sale, code)
            self.assertIn("too many times", cm.exception.message)

    @with_transaction()
    def test_package_redemption_checks_code(self):
        "Using the sessions of a package needs the code when configured"
        pool = Pool()
        AccountConfiguration = pool.get('account.configuration')
        Card = pool.get('salon.package.card')
        Sale = pool.get('sale.point.sale')
        Template = pool.get('product.template')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_package=True)
            service = setup['service']
            Template.write([service.template], {'salon_service': True})
            account_config = AccountConfiguration(1)
            account_config.salon_package_deferred_account = (
                setup['accounts']['liability'])
            account_config.save()
            package, = Template.create([{
                        'name': "Course", 'type': 'service',
                        'default_uom': service.default_uom.id,
                        'salon_package': True,
                        'products': [('create', [{}])],
                        'salon_package_services': [('create', [{
                                        'service': service.id,
                                        'sessions': 5}])],
                        }])
            today = dt.date.today()
            card, = Card.create([{
                        'number': 'PK1', 'client': setup['client'].id,
                        'product': package.products[0].id,
                        'start': today, 'expiry': today,
                        'price': Decimal(500),
                        'lines': [('create', [{
                                        'date': today, 'type': 'purchase',
                                        'service': service.id,
                                        'sessions': 5,
                                        'amount': Decimal(500)}])],
                        }])
            sale, = Sale.create([{
                        'point': setup['pos'].id,
                        'salon_client': setup['client'].id,
                        'lines': [('create', [{
                                        'product': service.id,
                                        'quantity': 1.,
                                        'unit_list_price': Decimal(0),
                                        'unit_gross_price': Decimal(0),
                                        'salon_package_card': card.id,
                                        }])],
                        }])
            self.assertEqual(sale.salon_otp_purpose, 'package')

            with self.assertRaises(UserError) as cm:
                Sale.process([sale])
            self.assertIn("needs the code", cm.exception.message)
            Sale.salon_send_otp([sale])
            code, _ = sent_code(setup['client'])
            Sale.write([sale], {'salon_otp_code': wrong(code)})
            with self.assertRaises(UserError) as cm:
                Sale.process([sale])
            self.assertIn("4 attempts left", cm.exception.message)
            self.assertEqual(Sale(sale.id).state, 'open')

            Sale.write([sale], {'salon_otp_code': code})
            Sale.process([sale])
            self.assertEqual(Sale(sale.id).state, 'done')
            self.assertIsNone(Sale(sale.id).salon_otp_code)
            Sale.post([sale])
            self.assertEqual(Card(card.id).remaining_sessions, 4)

            # a code for packages does not pay with the card
            Configuration = pool.get('salon.membership.configuration')
            Configuration.write([Configuration(1)], {'otp_card': True})
            sale = open_sale(setup, salon_otp_purpose='package')
            Sale.salon_send_otp([sale])
            code, _ = sent_code(setup['client'])
            with self.assertRaises(UserError) as cm:
                spend(setup, sale, code)
            self.assertIn("No unused code", cm.exception.message)

    @with_transaction()
    def test_outbox_masks_sent_code(self):
        "Once sent, the code is masked in the outbox, hidden to users"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            sale = open_sale(setup)
            Sale.salon_send_otp([sale])
            code, message = sent_code(setup['client'])
            with patch.object(Outbox, '_send_sms', autospec=True):
                Outbox.send_due()
            message = Outbox(message.id)
            self.assertEqual(message.state, 'sent')
            self.assertNotIn(code, message.body)
            self.assertEqual(
                message.body, "Your code: ******, valid 10 minutes")
            with Transaction().set_context(_check_access=True):
                self.assertEqual(
                    Outbox.search([('id', '=', message.id)]), [])

    @with_transaction()
    def test_cashier_access(self):
        "A cashier sends and checks codes, nobody reads them"
        pool = Pool()
        Card = pool.get('salon.card')
        ModelData = pool.get('ir.model.data')
        OTP = pool.get('salon.otp')
        Outbox = pool.get('salon.outbox')
        POS = pool.get('sale.point')
        Sale = pool.get('sale.point.sale')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            POS.write([setup['pos']], {'salon_store': setup['store'].id})
            sale = open_sale(setup)
            cashier, hq = User.create([{
                        'login': login,
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'salon_stores': [('add', [setup['store'].id])],
                        'groups': [('add', [
                                    ModelData.get_id('salon_crm', group),
                                    ModelData.get_id(
                                        'sale_point', 'group_sale_point'),
                                    ])],
                        } for login, group in [
                        ('cashier', 'group_salon_reception'),
                        ('hq', 'group_salon_hq')]])
            transaction = Transaction()
            with transaction.set_user(cashier.id), \
                    transaction.set_context(_check_access=True):
                Sale.salon_send_otp([Sale(sale.id)])
                self.assertEqual(
                    Outbox.search([('party', '=', setup['client'].id)]),
                    [])
            code, _ = sent_code(setup['client'])
            with transaction.set_user(cashier.id), \
                    transaction.set_context(_check_access=True):
                spend(setup, Sale(sale.id), code)
            self.assertEqual(
                Card(setup['sv_card'].id).balance, Decimal(900))
            for user in [cashier, hq]:
                with transaction.set_user(user.id), \
                        transaction.set_context(_check_access=True):
                    with self.assertRaises(AccessError):
                        OTP.search([])


class OTPAttemptTestCase(unittest.TestCase):
    """Test the wrong attempts across transactions, as over RPC: each
    refused spend rolls its transaction back"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module('salon_membership')

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()

    def test_wrong_attempts_counted(self):
        "5 wrong codes, each in its own transaction, void the code"
        pool = Pool(DB_NAME)

        def prepare():
            company = create_company()
            with set_company(company):
                setup = setup_otp(company, otp_card=True)
                sale = open_sale(setup)
                pool.get('sale.point.sale').salon_send_otp([sale])
                code, _ = sent_code(setup['client'])
            return (setup['sv_card'].id, setup['client'].id,
                setup['card'].id, company.id, sale.id, code)
        card_id, client_id, method_id, company_id, sale_id, code = run(
            prepare)

        def attempt(code):
            Company = pool.get('company.company')
            Payment = pool.get('sale.point.payment')
            Sale = pool.get('sale.point.sale')
            with set_company(Company(company_id)):
                Sale.write([Sale(sale_id)], {'salon_otp_code': code})
                Payment.create([{
                            'sale': sale_id, 'method': method_id,
                            'amount': Decimal(100),
                            'salon_card': card_id}])

        for i in range(5):
            with self.assertRaises(UserError) as cm:
                run(attempt, wrong(code))
            self.assertIn(
                "%s attempts left" % (4 - i), cm.exception.message)

        def check_attempts():
            OTP = pool.get('salon.otp')
            otp, = OTP.search([('client', '=', client_id)])
            self.assertEqual(otp.attempts, 5)
            self.assertIsNone(otp.used)
        run(check_attempts)

        # the 6th attempt is refused, even with the right code
        with self.assertRaises(UserError) as cm:
            run(attempt, code)
        self.assertIn("too many times", cm.exception.message)

        def check_nothing_spent():
            Card = pool.get('salon.card')
            Payment = pool.get('sale.point.payment')
            self.assertEqual(Card(card_id).balance, Decimal(1000))
            self.assertEqual(
                Payment.search([('sale', '=', sale_id)]), [])
        run(check_nothing_spent)
