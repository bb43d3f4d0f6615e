# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The member look-up of the front desk finds stored-value and package
cards by number and shows the member's tier, points and balances."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .exceptions import LookupCardCompanyError


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def _salon_lookup_find(cls, number):
        pool = Pool()
        Card = pool.get('salon.card')
        PackageCard = pool.get('salon.package.card')
        clients, kind = super()._salon_lookup_find(number)
        if clients:
            return clients, kind
        number = (number or '').strip()
        company = Transaction().context.get('company')
        for Model in [Card, PackageCard]:
            cards = Model.search([('number', '=', number)], limit=1)
            if cards:
                card, = cards
                if company is not None and card.company.id != company:
                    raise LookupCardCompanyError(gettext(
                            'salon_membership.msg_lookup_card_company',
                            number=number, company=card.company.rec_name))
                return [card.client], 'card'
        return [], None

    @classmethod
    def _salon_lookup_values(cls, client):
        pool = Pool()
        Card = pool.get('salon.card')
        PackageCard = pool.get('salon.package.card')
        values = super()._salon_lookup_values(client)
        company = Transaction().context.get('company')
        company_clause = [('company', '=', company)] if company else []
        cards = Card.search([
                ('client', '=', client.id),
                ('state', '=', 'active'),
                ] + company_clause)
        packages = PackageCard.search([
                ('client', '=', client.id),
                ('state', '=', 'valid'),
                ] + company_clause)
        values.update({
                'tier': client.salon_tier.rec_name if client.salon_tier
                else None,
                'points': client.salon_points or 0,
                'cards': [{
                        'id': c.id, 'number': c.number,
                        'balance': c.balance,
                        } for c in cards],
                'card_balance': sum(c.balance for c in cards),
                'packages': [{
                        'id': p.id, 'number': p.number,
                        'name': p.product.rec_name,
                        'remaining': p.remaining_sessions,
                        } for p in packages],
                'package_sessions': sum(
                    p.remaining_sessions or 0 for p in packages),
                })
        return values


class ClientLookupResult(metaclass=PoolMeta):
    __name__ = 'salon.client.lookup.result'

    tier = fields.Char("Tier", readonly=True)
    points = fields.Integer("Points", readonly=True)
    card_balance = Monetary(
        "Stored Value", currency='currency', digits='currency',
        readonly=True)
    package_sessions = fields.Integer("Package Sessions", readonly=True)
    currency = fields.Many2One('currency.currency', "Currency", readonly=True)

    @classmethod
    def from_lookup(cls, values):
        pool = Pool()
        Company = pool.get('company.company')
        result = super().from_lookup(values)
        company = Transaction().context.get('company')
        result.update({
                'tier': values.get('tier'),
                'points': values.get('points'),
                'card_balance': values.get('card_balance'),
                'package_sessions': values.get('package_sessions'),
                'currency': (
                    Company(company).currency.id if company else None),
                })
        return result
