# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.salon_crm.tests.database import AddonCacheMixin
from trytond.modules.salon_crm.tests.views import SaoViewsTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import check_access

from .card_setup import liability_balance, sell, setup_card_company


class SalonMembershipTestCase(
        AddonCacheMixin, SaoViewsTestMixin, CompanyTestMixin,
        ModuleTestCase):
    "Test salon_membership module"
    module = 'salon_membership'

    # ------------------------------------------------------ stored value
    @with_transaction()
    def test_card_bonus_rule_best(self):
        "The rule with the highest threshold reached gives the bonus"
        pool = Pool()
        Rule = pool.get('salon.card.bonus.rule')
        company = create_company()
        with set_company(company):
            Rule.create([{'threshold': t, 'bonus': b} for t, b in [
                        (Decimal(500), Decimal(50)),
                        (Decimal(1000), Decimal(200)),
                        (Decimal(5000), Decimal(1200))]])
            for amount, bonus in [
                    (100, 0), (500, 50), (999, 50), (1000, 200),
                    (4999, 200), (20000, 1200)]:
                with self.subTest(amount=amount):
                    self.assertEqual(
                        Rule.compute(company, Decimal(amount)),
                        Decimal(bonus))

    @with_transaction()
    def test_card_number_and_empty_balance(self):
        "A new card is numbered from the sequence, active and empty"
        pool = Pool()
        Card = pool.get('salon.card')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            client, = Party.create([{'name': "Client"}])
            first, second = Card.create(
                [{'client': client.id}, {'client': client.id}])
            # PostgreSQL sequences do not roll back with the earlier tests
            self.assertRegex(first.number, r'^SV\d{6}$')
            self.assertEqual(
                int(second.number[2:]), int(first.number[2:]) + 1)
            self.assertEqual(first.state, 'active')
            self.assertEqual(first.balance, Decimal(0))

    @with_transaction()
    def test_card_pos_ledger(self):
        "Top-up, bonus and split spend post to the liability account"
        pool = Pool()
        Card = pool.get('salon.card')
        Rule = pool.get('salon.card.bonus.rule')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            setup = setup_card_company(company)
            Rule.create([{'threshold': Decimal(1000),
                        'bonus': Decimal(200)}])
            client, = Party.create([{'name': "Client"}])
            card, = Card.create([{'client': client.id}])
            sell(setup, setup['top_up'], 1000,
                [(setup['cash'], Decimal(1000), None)], card=card)
            self.assertEqual(Card(card.id).balance, Decimal(1200))
            sale = sell(setup, setup['service'], 300, [
                    (setup['cash'], Decimal(100), None),
                    (setup['card'], Decimal(200), card)])
            self.assertEqual(Card(card.id).balance, Decimal(1000))
            self.assertEqual(
                liability_balance(setup, company), Decimal(1000))
            self.assertEqual(
                sorted((l.account.id, l.debit, l.credit)
                    for l in sale.move.lines),
                sorted([
                        (setup['accounts']['cash'].id,
                            Decimal(100), Decimal(0)),
                        (setup['accounts']['liability'].id,
                            Decimal(200), Decimal(0)),
                        (setup['accounts']['revenue'].id,
                            Decimal(0), Decimal(300)),
                        ]))
            with self.assertRaises(UserError) as cm:
                sell(setup, setup['service'], 1001, [
                        (setup['card'], Decimal(1001), card)])
            self.assertIn('can not be spent', cm.exception.message)

    def _foreign_card(self):
        "Return a company and a client with a card of Other Salon"
        pool = Pool()
        Card = pool.get('salon.card')
        Party = pool.get('party.party')
        company = create_company()
        other_company = create_company(name="Other Salon")
        with set_company(other_company):
            client, = Party.create([{'name': "Elsewhere"}])
            foreign, = Card.create([{'client': client.id}])
        return company, client, foreign

    @with_transaction()
    def test_card_other_company_refused(self):
        "A card is spent and transferred only within its company"
        pool = Pool()
        Card = pool.get('salon.card')
        company, client, foreign = self._foreign_card()
        with set_company(company):
            setup = setup_card_company(company)
            card, = Card.create([{'client': client.id}])
            sell(setup, setup['top_up'], 100,
                [(setup['cash'], Decimal(100), None)], card=card)
            with self.assertRaises(UserError) as cm:
                sell(setup, setup['service'], 10, [
                        (setup['card'], Decimal(10), foreign)])
            self.assertIn('belongs to another company', cm.exception.message)
            with self.assertRaises(UserError) as cm:
                Card.transfer(card, foreign, Decimal(10), "Gift")
            self.assertIn('belongs to another company', cm.exception.message)

    @with_transaction()
    def test_lookup_card_other_company(self):
        "Find a Member refuses a card of another company, finds its own"
        pool = Pool()
        Card = pool.get('salon.card')
        Party = pool.get('party.party')
        company, client, foreign = self._foreign_card()
        with set_company(company):
            card, = Card.create([{'client': client.id}])
            self.assertNotEqual(card.number, foreign.number)
            with self.assertRaises(UserError) as cm:
                Party.salon_lookup(foreign.number)
            self.assertIn('Other Salon', cm.exception.message)
            found = Party.salon_lookup(card.number)
            self.assertEqual(found['id'], client.id)
            self.assertEqual(found['cards'], [{
                        'id': card.id, 'number': card.number,
                        'balance': Decimal(0)}])

    @with_transaction()
    def test_card_close_and_reason(self):
        "Only an empty card closes; a manual operation needs a reason"
        pool = Pool()
        Card = pool.get('salon.card')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            setup = setup_card_company(company)
            client, = Party.create([{'name': "Client"}])
            card, = Card.create([{'client': client.id}])
            with self.assertRaises(UserError) as cm:
                Card.adjust([card], Decimal(10), " ")
            self.assertIn('Give the reason', cm.exception.message)
            with self.assertRaises(UserError) as cm:
                Card.adjust([card], Decimal(-10), "Typo")
            self.assertIn('can not go below zero', cm.exception.message)
            Card.adjust([card], Decimal(10), "Goodwill")
            with self.assertRaises(UserError) as cm:
                Card.close([card])
            self.assertIn('Empty the card', cm.exception.message)
            Card.adjust([card], Decimal(-10), "Taken back")
            Card.close([card])
            self.assertEqual(card.state, 'closed')
            self.assertEqual(liability_balance(setup, company), Decimal(0))
            with self.assertRaises(UserError) as cm:
                Card.adjust([card], Decimal(10), "Reopen")
            self.assertIn('it can not be used', cm.exception.message)

    @with_transaction()
    def test_card_line_not_writable_over_rpc(self):
        "The ledger is written by the system only"
        pool = Pool()
        Card = pool.get('salon.card')
        Line = pool.get('salon.card.line')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            setup_card_company(company)
            client, = Party.create([{'name': "Client"}])
            card, = Card.create([{'client': client.id}])
            line, = Card.adjust([card], Decimal(10), "Goodwill")
            with check_access(), \
                    self.assertRaises(AccessError):
                Line.write([line], {'amount': Decimal(1000)})
            with check_access(), \
                    self.assertRaises(AccessError):
                Line.delete([line])


del ModuleTestCase
