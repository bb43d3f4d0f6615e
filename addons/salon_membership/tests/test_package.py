# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import unittest
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import activate_addon
from trytond.modules.salon_membership.package import allocate
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from .card_setup import create_client, setup_card_company


class PackageTestCase(unittest.TestCase):
    "Test treatment packages"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_addon('salon_membership')

    def _package(self, sessions=((None, 10),)):
        pool = Pool()
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        unit, = Uom.search([('name', '=', 'Unit')])
        facial, cut = Template.create([{
                    'name': name, 'type': 'service',
                    'default_uom': unit.id, 'salon_service': True,
                    'list_price': price,
                    'products': [('create', [{}])],
                    } for name, price in [
                    ("Facial", Decimal(150)), ("Cut", Decimal(50))]])
        package, = Template.create([{
                    'name': "Course", 'type': 'service',
                    'default_uom': unit.id, 'salon_package': True,
                    'salon_package_validity': 6,
                    'products': [('create', [{}])],
                    'salon_package_services': [('create', [{
                                    'service': facial.products[0].id,
                                    'sessions': 10}, {
                                    'service': cut.products[0].id,
                                    'sessions': 3}])],
                    }])
        return package, facial.products[0], cut.products[0]

    def _card(self, client, package, service, sessions):
        "Return a card of client with sessions of service bought for 100"
        Card = Pool().get('salon.package.card')
        today = dt.date.today()
        card, = Card.create([{
                    'number': 'PK1', 'client': client.id,
                    'product': package.products[0].id,
                    'start': today, 'expiry': today,
                    'price': Decimal(100),
                    'lines': [('create', [{
                                    'date': today, 'type': 'purchase',
                                    'service': service.id,
                                    'sessions': sessions,
                                    'amount': Decimal(100)}])],
                    }])
        return card

    def test_allocate(self):
        "The split adds up to the total, the last part takes the rounding"
        class Currency:
            def round(self, amount):
                return amount.quantize(Decimal('0.01'))
        currency = Currency()
        for total, weights, expected in [
                (Decimal(1000), [1, 1, 1], ['333.33', '333.33', '333.34']),
                (Decimal(1000), [1500, 150], ['909.09', '90.91']),
                (Decimal(100), [0, 0], ['50.00', '50.00']),
                (Decimal(10), [1], ['10']),
                ]:
            with self.subTest(total=total, weights=weights):
                amounts = allocate(total, weights, currency)
                self.assertEqual(amounts, [Decimal(e) for e in expected])
                self.assertEqual(sum(amounts), total)

    @with_transaction()
    def test_package_template_checks(self):
        "Package services: positive sessions, once each, no salon service"
        pool = Pool()
        Template = pool.get('product.template')
        Service = pool.get('salon.package.service')
        company = create_company()
        with set_company(company):
            package, facial, cut = self._package()
            with self.assertRaises(ValidationError) as cm:
                Service.create([{'template': package.id,
                            'service': facial.id, 'sessions': 1}])
            self.assertIn("listed twice", cm.exception.message)
            with self.assertRaises(ValidationError) as cm:
                Template.write([package], {'salon_service': True})
            self.assertIn("not itself a salon service", cm.exception.message)
            # last: on PostgreSQL a check constraint aborts the transaction
            with self.assertRaises(ValidationError) as cm:
                Service.create([{'template': package.id, 'service': cut.id,
                            'sessions': 0}])
            self.assertIn("greater than zero", cm.exception.message)

    @with_transaction()
    def test_balances_set_based(self):
        "Remaining sessions and deferred revenue are sums of the ledger"
        pool = Pool()
        Card = pool.get('salon.package.card')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            package, facial, cut = self._package()
            client, = Party.create([{'name': "Client"}])
            today = dt.date.today()
            cards = Card.create([{
                        'number': 'PK%s' % i, 'client': client.id,
                        'product': package.products[0].id,
                        'start': today, 'expiry': today,
                        'price': Decimal(1000),
                        'lines': [('create', [{
                                        'date': today, 'type': 'purchase',
                                        'service': facial.id,
                                        'sessions': 10,
                                        'amount': Decimal(900)}, {
                                        'date': today, 'type': 'purchase',
                                        'service': cut.id, 'sessions': 3,
                                        'amount': Decimal(100)}, {
                                        'date': today, 'type': 'consume',
                                        'service': facial.id,
                                        'sessions': -i,
                                        'amount': Decimal(-90 * i)}])],
                        } for i in range(3)])
            balances = Card.get_balances(cards)
            for i, card in enumerate(cards):
                self.assertEqual(
                    balances[card.id, facial.id],
                    (10 - i, Decimal(900 - 90 * i)))
                self.assertEqual(
                    balances[card.id, cut.id], (3, Decimal(100)))
                self.assertEqual(card.remaining_sessions, 13 - i)
                self.assertEqual(
                    card.deferred_amount, Decimal(1000 - 90 * i))

    @with_transaction()
    def test_consume_checks(self):
        "Another company, another client, a closed card are refused"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.point.sale')
        SaleLine = pool.get('sale.point.sale.line')
        company = create_company()
        other_company = create_company(
            name="Franchise", currency=company.currency)
        with set_company(company):
            package, facial, cut = self._package()
            client, other = Party.create([{'name': "A"}, {'name': "B"}])
            today = dt.date.today()
            card = self._card(client, package, facial, 1)

            def check(company=company, client=client, state='valid',
                    product=facial):
                card.state = state
                line = SaleLine(
                    salon_package_card=card, product=product, quantity=1,
                    sale=Sale(company=company, salon_client=client,
                        date=today))
                line.check_salon_package_card()

            check()
            for values, message in [
                    ({'company': other_company}, "in the company"),
                    ({'client': other}, "belongs to"),
                    ({'state': 'refunded'}, "not valid"),
                    ({'product': cut}, "does not cover"),
                    ]:
                with self.subTest(values=values):
                    with self.assertRaises(UserError) as cm:
                        check(**values)
                    self.assertIn(message, cm.exception.message)

    @with_transaction()
    def test_cancel_visit_gives_session_back(self):
        """Cancelling a visit cancels its sale done on a package session
        and gives the session back; a paid sale is refused"""
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Card = pool.get('salon.package.card')
        Payment = pool.get('sale.point.payment')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_card_company(company)
            package, _, _ = self._package()
            care = setup['service']
            client = create_client(company)
            card = self._card(client, package, care, 2)
            session, paid = Sale.create([{
                        'point': setup['pos'].id, 'salon_client': client.id,
                        'lines': [('create', [{
                                        'product': care.id, 'quantity': 1,
                                        'unit_list_price': price,
                                        'unit_gross_price': price,
                                        'salon_package_card': card_id,
                                        }])],
                        } for price, card_id in [
                        (Decimal(0), card.id), (Decimal(1), None)]])
            Payment.create([{
                        'sale': paid.id, 'method': setup['cash'].id,
                        'amount': Decimal(1)}])
            Sale.process([session, paid])
            self.assertEqual([session.state, paid.state], ['done', 'done'])
            self.assertEqual(Card(card.id).remaining_sessions, 1)

            start = dt.datetime.now()
            visit, paid_visit = Appointment.create([{
                        'client': client.id,
                        'store': client.salon_home_store.id,
                        'start': start, 'end': start + dt.timedelta(hours=1),
                        'sale': sale.id,
                        } for sale in [session, paid]])
            Appointment.cancel_sales([visit])
            self.assertEqual(session.state, 'cancelled')
            self.assertEqual(Card(card.id).remaining_sessions, 2)

            with self.assertRaises(UserError) as cm:
                Appointment.cancel_sales([paid_visit])
            self.assertIn("refund it at the point of sale",
                cm.exception.message)
            self.assertEqual(paid.state, 'done')
