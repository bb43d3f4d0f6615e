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
from trytond.modules.salon_crm.common import utc_now
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, with_transaction
from trytond.transaction import Transaction, TransactionError

from .card_setup import create_client, sell, setup_card_company
from .module_case import FreshModuleMixin

MOBILE = '+8613800138000'


def setup_otp(company, **options):
    """Set up a company selling at a POS, a client with a mobile and a
    stored-value card of 1,000; options are the membership configuration"""
    pool = Pool()
    Card = pool.get('salon.card')
    Configuration = pool.get('salon.membership.configuration')
    setup = setup_card_company(company)
    client = create_client(company, mobile=MOBILE)
    card, = Card.create([{'client': client.id}])
    sell(setup, setup['top_up'], 1000,
        [(setup['cash'], Decimal(1000), None)], card=card)
    config = Configuration(1)
    for name, value in options.items():
        setattr(config, name, value)
    config.save()
    setup.update(
        client=client, sv_card=card, store=client.salon_home_store)
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


def send_code(setup, sale):
    "Send a code for the sale to the client, return it and the message"
    Pool().get('sale.point.sale').salon_send_otp([sale])
    return sent_code(setup['client'])


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


class OTPTestCase(FreshModuleMixin, unittest.TestCase):
    "Test the one-time codes asked before a spend or a redemption"

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
            # create_date is the transaction's start on SQLite: the
            # expiry is checked against the clock around the sending
            before = utc_now(microsecond=True)
            code, message = send_code(setup, sale)
            after = utc_now(microsecond=True)
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
            ten = dt.timedelta(minutes=10)
            # (the database may keep the instant to the second only)
            self.assertTrue(before.replace(microsecond=0) + ten
                <= otp.expiry <= after + ten)

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
            self.assertErrorMessage(
                "no mobile or phone", Sale.salon_send_otp, [sale])

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

            self.assertErrorMessage('press "Send Code"', spend, setup, sale)

            code, _ = send_code(setup, sale)
            self.assertErrorMessage("needs the code", spend, setup, sale)
            self.assertErrorMessage(
                "4 attempts left", spend, setup, sale, wrong(code))

            otp, = OTP.search([('client', '=', setup['client'].id)])
            OTP.write([otp], {
                    'expiry': dt.datetime.now() - dt.timedelta(seconds=1)})
            self.assertErrorMessage("has expired", spend, setup, sale, code)
            self.assertEqual(balance(), Decimal(1000))

            # a new code replaces the expired one
            new_code, _ = send_code(setup, sale)
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
                self.assertErrorMessage(
                    "No unused code", spend, setup, sale_, new_code, amount=10)
            self.assertEqual(balance(), Decimal(900))

    @with_transaction()
    def test_void_after_max_attempts(self):
        "A code entered wrong 5 times is void, even the right one"
        pool = Pool()
        OTP = pool.get('salon.otp')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            sale = open_sale(setup)
            code, _ = send_code(setup, sale)
            otp, = OTP.search([('client', '=', setup['client'].id)])
            # the attempts are counted once the transaction has ended:
            # see OTPAttemptTestCase
            OTP.write([otp], {'attempts': 5})
            self.assertErrorMessage(
                "too many times", spend, setup, sale, code)

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

            self.assertErrorMessage("needs the code", Sale.process, [sale])
            code, _ = send_code(setup, sale)
            Sale.write([sale], {'salon_otp_code': wrong(code)})
            self.assertErrorMessage("4 attempts left", Sale.process, [sale])
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
            code, _ = send_code(setup, sale)
            self.assertErrorMessage(
                "No unused code", spend, setup, sale, code)

    @with_transaction()
    def test_outbox_masks_sent_code(self):
        "Once sent, the code is masked in the outbox, hidden to users"
        pool = Pool()
        Outbox = pool.get('salon.outbox')
        company = create_company()
        with set_company(company):
            setup = setup_otp(company, otp_card=True)
            sale = open_sale(setup)
            code, message = send_code(setup, sale)
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


class OTPAttemptTestCase(FreshModuleMixin, unittest.TestCase):
    """Test the wrong attempts across transactions, as over RPC: each
    refused spend rolls its transaction back"""

    def test_wrong_attempts_counted(self):
        "5 wrong codes, each in its own transaction, void the code"
        pool = Pool(DB_NAME)

        def prepare():
            company = create_company()
            with set_company(company):
                setup = setup_otp(company, otp_card=True)
                sale = open_sale(setup)
                code, _ = send_code(setup, sale)
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
            self.assertErrorMessage(
                "%s attempts left" % (4 - i), run, attempt, wrong(code))

        def check_attempts():
            OTP = pool.get('salon.otp')
            otp, = OTP.search([('client', '=', client_id)])
            self.assertEqual(otp.attempts, 5)
            self.assertIsNone(otp.used)
        run(check_attempts)

        # the 6th attempt is refused, even with the right code
        self.assertErrorMessage("too many times", run, attempt, code)

        def check_nothing_spent():
            Card = pool.get('salon.card')
            Payment = pool.get('sale.point.payment')
            self.assertEqual(Card(card_id).balance, Decimal(1000))
            self.assertEqual(
                Payment.search([('sale', '=', sale_id)]), [])
        run(check_nothing_spent)
