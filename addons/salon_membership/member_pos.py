# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The member seen from the POS: the client's tier, points, stored-value
cards and packages on the sale, and the receipt with the balances."""
from collections import defaultdict
from decimal import Decimal

from trytond.model import fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report

MEMBER_FIELDS = [
    'salon_tier', 'salon_points', 'salon_cards', 'salon_card_balance',
    'salon_package_cards']
X2MANY = {'salon_cards', 'salon_package_cards'}


class MemberSaleMixin:
    "The member shown on a POS sale, see sale_point.py"
    __slots__ = ()

    salon_cards = fields.Function(fields.Many2Many(
            'salon.card', None, None, "Stored-Value Cards",
            help="The client's cards in the company, except the closed."),
        'get_salon_member')
    salon_card_balance = fields.Function(Monetary(
            "Stored Value", currency='currency', digits='currency',
            help="The balance of the client's cards."),
        'get_salon_member')
    salon_package_cards = fields.Function(fields.Many2Many(
            'salon.package.card', None, None, "Packages",
            help="The client's valid packages with sessions left."),
        'get_salon_member')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # A list of sales reads its members in a few queries; the
        # on_change_with methods still refresh the form.
        cls.salon_tier.getter = 'get_salon_member'
        cls.salon_points.getter = 'get_salon_member'

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//group[@id="salon_member"]', 'states', {
                    'invisible': ~Eval('salon_client'),
                    }),
            ]

    @classmethod
    def get_salon_member(cls, sales, names):
        "Return the member values of the sales' clients, set-based"
        pool = Pool()
        Card = pool.get('salon.card')
        ModelAccess = pool.get('ir.model.access')
        PackageCard = pool.get('salon.package.card')
        PointsLine = pool.get('salon.points.line')
        result = {n: {s.id: [] if n in X2MANY else None for s in sales}
            for n in names}
        names = set(names)
        # The roles that may not read the cards (stylists) read their
        # sales without them
        if not ModelAccess.check(Card.__name__, raise_exception=False):
            names -= {'salon_cards', 'salon_card_balance'}
        if not ModelAccess.check(
                PackageCard.__name__, raise_exception=False):
            names -= {'salon_package_cards'}

        def key(sale):
            if sale.salon_client and sale.company:
                return sale.salon_client.id, sale.company.id

        def owned(records):
            "Group the records by (client, company)"
            grouped = defaultdict(list)
            for record in records:
                grouped[record.client.id, record.company.id].append(record)
            return grouped

        members = [s for s in sales if key(s)]
        clients = list({s.salon_client.id for s in members})
        companies = list({s.company.id for s in members})

        if 'salon_tier' in names:
            for sale in members:
                tier = sale.salon_client.salon_tier
                result['salon_tier'][sale.id] = tier.id if tier else None
        if 'salon_points' in names:
            # one query per company: a chain is one company
            for company in companies:
                points = PointsLine.balances(clients, company)
                for sale in members:
                    if sale.company.id == company:
                        result['salon_points'][sale.id] = points[
                            sale.salon_client.id]
        if names & {'salon_cards', 'salon_card_balance'}:
            cards = Card.search([
                    ('client', 'in', clients),
                    ('company', 'in', companies),
                    ('state', '!=', 'closed'),
                    ], order=[('number', 'ASC'), ('id', 'ASC')])
            balances = Card.get_balance(cards)
            cards = owned(cards)
            for sale in sales:
                sale_cards = cards.get(key(sale), [])
                if 'salon_cards' in names:
                    result['salon_cards'][sale.id] = [
                        c.id for c in sale_cards]
                if 'salon_card_balance' in names and key(sale):
                    result['salon_card_balance'][sale.id] = sum(
                        (balances[c.id] for c in sale_cards), Decimal(0))
        if 'salon_package_cards' in names:
            packages = PackageCard.search([
                    ('client', 'in', clients),
                    ('company', 'in', companies),
                    ('state', '=', 'valid'),
                    ], order=[('expiry', 'ASC'), ('id', 'ASC')])
            remaining = PackageCard.get_remaining(
                packages, ['remaining_sessions'])['remaining_sessions']
            packages = owned(packages)
            for sale in sales:
                result['salon_package_cards'][sale.id] = [
                    p.id for p in packages.get(key(sale), [])
                    if remaining[p.id] > 0
                    and (not sale.date or p.expiry >= sale.date)]
        return result

    def _salon_member(self, name):
        return self.get_salon_member([self], {name})[name][self.id]

    @fields.depends('salon_client', 'company')
    def on_change_with_salon_cards(self, name=None):
        return self._salon_member('salon_cards')

    @fields.depends('salon_client', 'company')
    def on_change_with_salon_card_balance(self, name=None):
        return self._salon_member('salon_card_balance')

    @fields.depends('salon_client', 'company', 'date')
    def on_change_with_salon_package_cards(self, name=None):
        return self._salon_member('salon_package_cards')


class Receipt(Report):
    "The receipt of a POS sale with the client's balances after it"
    __name__ = 'sale.point.sale.receipt'
