# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import io
import re
import unittest
import zipfile
from decimal import Decimal
from unittest.mock import patch

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import activate_addon
from trytond.modules.salon_membership.member_pos import MEMBER_FIELDS
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction, check_access

from .card_setup import add_points, create_client, setup_card_company


def receipt_text(content):
    "Return the text of the content.xml of an ODT document"
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        xml = odt.read('content.xml').decode('utf-8')
    body = xml[xml.index('<office:body>'):]
    text = re.sub(r'</text:p>', '\n', body)
    text = re.sub(r'<[^>]+>', '', text)
    return re.sub(r'[ \xa0]+', ' ', text)


class POSMemberTestCase(unittest.TestCase):
    "Test the member seen from the POS: search, balances and receipt"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_addon('salon_membership')

    def _sale(self, setup, client, quantity=100, payments=()):
        "An open sale of quantity × the service priced 1, with payments"
        pool = Pool()
        Sale = pool.get('sale.point.sale')
        Payment = pool.get('sale.point.payment')
        sale, = Sale.create([{
                    'point': setup['pos'].id,
                    'salon_client': client.id if client else None,
                    'lines': [('create', [{
                                    'product': setup['service'].id,
                                    'quantity': quantity,
                                    'unit_list_price': Decimal(1),
                                    'unit_gross_price': Decimal(1),
                                    }])],
                    }])
        if payments:
            Payment.create([{
                        'sale': sale.id, 'method': method.id,
                        'amount': amount,
                        'salon_card': card.id if card else None}
                    for method, amount, card in payments])
        return sale

    def _package(self, client, product, services, expiry, number):
        """A package card of client with services [(service, bought,
        used)]"""
        PackageCard = Pool().get('salon.package.card')
        today = min(dt.date.today(), expiry)
        lines = []
        for service, bought, used in services:
            lines.append({
                    'date': today, 'type': 'purchase',
                    'service': service.id, 'sessions': bought,
                    'amount': Decimal(10 * bought)})
            if used:
                lines.append({
                        'date': today, 'type': 'consume',
                        'service': service.id, 'sessions': -used,
                        'amount': Decimal(-10 * used)})
        card, = PackageCard.create([{
                    'number': number, 'client': client.id,
                    'product': product.id, 'start': today,
                    'expiry': expiry, 'price': Decimal(100),
                    'lines': [('create', lines)]}])
        return card

    def _member_setup(self, company):
        """Client A: tier Gold, 250 points, cards of 500 and 120 and a
        closed one, packages with 7 + 3, 0 and (expired) 5 sessions left;
        client B: 40 points, nothing else"""
        pool = Pool()
        Card = pool.get('salon.card')
        Party = pool.get('party.party')
        Template = pool.get('product.template')
        Tier = pool.get('salon.membership.tier')
        Uom = pool.get('product.uom')
        setup = setup_card_company(company)
        today = setup['today']
        gold, = Tier.create([{'name': "Gold", 'threshold': Decimal(0)}])
        a = create_client(company, "Client A", '13812345678')
        b = create_client(company, "Client B", '13987654321')
        Party.write([a], {'salon_tier': gold.id})
        for c, p, t in [
                (a, 300, 'earn'), (a, -50, 'redeem'), (b, 40, 'earn')]:
            add_points(c, company, today, p, t)
        card1, card2, closed = Card.create(
            [{'client': a.id} for _ in range(3)])
        Card.adjust([card1], Decimal(500), "opening")
        Card.adjust([card2], Decimal(120), "opening")
        Card.close([closed])
        unit, = Uom.search([('name', '=', 'Unit')])
        facial, cut, course = Template.create([{
                    'name': name, 'type': 'service',
                    'default_uom': unit.id, 'list_price': Decimal(10),
                    'products': [('create', [{}])],
                    } for name in ["Facial", "Cut", "Course"]])
        facial, cut, course = (
            t.products[0] for t in [facial, cut, course])
        later = today + dt.timedelta(days=30)
        package = self._package(
            a, course, [(facial, 10, 3), (cut, 3, 0)], later, 'PK1')
        self._package(a, course, [(facial, 2, 2)], later, 'PK2')
        self._package(
            a, course, [(cut, 5, 0)], today - dt.timedelta(days=1), 'PK3')
        return {
            'setup': setup, 'a': a, 'b': b, 'gold': gold,
            'cards': [card1, card2], 'package': package}

    @with_transaction()
    def test_client_search_by_phone(self):
        "The sale's client is found by phone in any common form"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            setup = setup_card_company(company)
            client = create_client(company, "Wang Fang", '13812345678')
            other = create_client(company, "Li Na", '13987654321')
            # a party that is not a client of the salon is not offered
            Party.create([{'name': "Supplier", 'contact_mechanisms': [
                            ('create', [{'type': 'phone',
                                        'value': '13812345678'}])]}])
            sale = self._sale(setup, client)
            self._sale(setup, other)
            mobile, = client.contact_mechanisms
            self.assertEqual(mobile.value_compact, '+8613812345678')
            # The completion of the client field of the sale
            domain = Sale.salon_client.domain
            for typed in [
                    '+86 138 1234 5678', '13812345678', '138-1234-5678',
                    '8613812345678', '138 1234 5678', '＋86 138 1234 5678',
                    'Wang']:
                with self.subTest(typed=typed):
                    self.assertEqual(Party.search(domain + [
                                ('rec_name', 'ilike', '%' + typed + '%'),
                                ]), [client])
                    self.assertEqual(Sale.search([
                                ('salon_client.rec_name', 'ilike',
                                    '%' + typed + '%'),
                                ]), [sale])
            # A number that is no one's finds no one
            self.assertEqual(Party.search(domain + [
                        ('rec_name', 'ilike', '%138-0000-0000%')]), [])
            # The negation keeps the host's meaning
            self.assertEqual(Party.search(domain + [
                        ('rec_name', 'not ilike', '%Wang%')]), [other])

    @with_transaction()
    def test_member_fields(self):
        "Tier, points, cards and packages of the client, read set-based"
        pool = Pool()
        Card = pool.get('salon.card')
        PackageCard = pool.get('salon.package.card')
        ModelData = pool.get('ir.model.data')
        PointsLine = pool.get('salon.points.line')
        Sale = pool.get('sale.point.sale')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            member = self._member_setup(company)
            setup, a, b = member['setup'], member['a'], member['b']
            card1, card2 = member['cards']
            sales = [
                self._sale(setup, a), self._sale(setup, b),
                self._sale(setup, None), self._sale(setup, a)]
            ids = [s.id for s in sales]

            with patch.object(PointsLine, 'balances',
                    wraps=PointsLine.balances) as balances, \
                    patch.object(Card, 'get_balance',
                        wraps=Card.get_balance) as card_balance, \
                    patch.object(PackageCard, 'get_remaining',
                        wraps=PackageCard.get_remaining) as remaining:
                values = Sale.read(ids, MEMBER_FIELDS)
            # the x2many come as tuples or lists
            values = {v['id']: {
                    k: list(x) if isinstance(x, tuple) else x
                    for k, x in v.items()} for v in values}
            # One call each for the four sales
            self.assertEqual(balances.call_count, 1)
            self.assertEqual(card_balance.call_count, 1)
            self.assertEqual(remaining.call_count, 1)

            for sale in [sales[0], sales[3]]:
                self.assertEqual(values[sale.id], {
                        'id': sale.id,
                        'salon_tier': member['gold'].id,
                        # 300 - 50
                        'salon_points': 250,
                        # the closed card is left out
                        'salon_cards': [card1.id, card2.id],
                        # 500 + 120
                        'salon_card_balance': Decimal('620.00'),
                        # PK2 has no session left, PK3 is past its expiry
                        'salon_package_cards': [member['package'].id],
                        })
            self.assertEqual(values[sales[1].id], {
                    'id': sales[1].id, 'salon_tier': None,
                    'salon_points': 40, 'salon_cards': [],
                    'salon_card_balance': Decimal('0'),
                    'salon_package_cards': [],
                    })
            self.assertEqual(values[sales[2].id], {
                    'id': sales[2].id, 'salon_tier': None,
                    'salon_points': None, 'salon_cards': [],
                    'salon_card_balance': None,
                    'salon_package_cards': [],
                    })
            # 10 - 3 facials + 3 cuts
            self.assertEqual(member['package'].remaining_sessions, 10)

            # A stylist, who may not read the cards and packages, reads
            # the sale without them
            stylist, = User.create([{
                        'login': 'stylist', 'name': "Stylist",
                        'groups': [('add', [ModelData.get_id(
                                        'salon_crm', 'group_salon_stylist')])],
                        'companies': [('add', [company.id])],
                        'company': company.id}])
            sale = Sale(sales[0].id)
            # read as admin: the client is another stylist's
            sale.salon_client.salon_tier
            with Transaction().set_user(stylist.id), check_access():
                values = Sale.get_salon_member([sale], MEMBER_FIELDS)
            self.assertEqual({n: v[sale.id] for n, v in values.items()}, {
                    'salon_tier': member['gold'].id, 'salon_points': 250,
                    'salon_cards': [], 'salon_card_balance': None,
                    'salon_package_cards': []})

            # The form refreshes when the cashier picks the client
            sale = Sale(point=setup['pos'], company=company, salon_client=b)
            sale.date = setup['today']
            self.assertEqual(sale.on_change_with_salon_points(), 40)
            self.assertEqual(sale.on_change_with_salon_cards(), [])
            sale.salon_client = a
            self.assertEqual(
                sale.on_change_with_salon_cards(), [card1.id, card2.id])
            self.assertEqual(
                sale.on_change_with_salon_card_balance(), Decimal('620.00'))
            self.assertEqual(
                sale.on_change_with_salon_package_cards(),
                [member['package'].id])

    @with_transaction()
    def test_receipt_balances(self):
        "The receipt of a posted sale shows the balances after it"
        pool = Pool()
        Receipt = pool.get('sale.point.sale.receipt', type='report')
        Sale = pool.get('sale.point.sale')
        company = create_company()
        with set_company(company):
            member = self._member_setup(company)
            setup, a = member['setup'], member['a']
            card1, _ = member['cards']
            # 100 of care paid 60 in cash and 40 from the first card
            sale = self._sale(setup, a, 100, [
                    (setup['cash'], Decimal(60), None),
                    (setup['card'], Decimal(40), card1)])
            Sale.process([sale])

            ext, content, _, name = Receipt.execute([sale.id], {})
            self.assertEqual(ext, 'odt')
            text = receipt_text(content)
            self.assertIn("Receipt", text)
            self.assertIn("Client A", text)
            self.assertIn("Care", text)
            self.assertIn("100.00", text)
            self.assertIn("Cash", text)
            self.assertIn("%s: " % card1.number, text)
            # Not posted: no balances yet
            self.assertNotIn("Balances after this sale", text)

            Sale.post([sale])
            ext, content, _, name = Receipt.execute([sale.id], {})
            text = receipt_text(content)
            self.assertIn("Balances after this sale", text)
            self.assertIn("Tier: Gold", text)
            # 250 + 60 earned on the cash (1 point per unit)
            self.assertIn("Points: 310", text)
            # 500 - 40 spent, 120 untouched
            self.assertRegex(
                text, r"Stored-value card %s: \D*460\.00" % card1.number)
            self.assertRegex(
                text, r"Stored-value card %s: \D*120\.00"
                % member['cards'][1].number)
            # 7 facials + 3 cuts
            self.assertIn("Course (PK1) remaining sessions: 10", text)
            self.assertNotIn("PK2", text)
            self.assertNotIn("PK3", text)
