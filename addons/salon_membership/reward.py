# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Perks given once: the birthday-month perk (once a year) and the referral
reward (once per referred client, to both sides).

Each perk is a reward row unique on (client, kind, key) so a cron run
twice or two sales posted together never give it twice."""
import secrets

from sql import Literal, Null
from sql.functions import Extract
from sql.operators import Exists

from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.modules.salon_crm.ledger import lock_ledger
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access


class Configuration(metaclass=PoolMeta):
    __name__ = 'salon.membership.configuration'

    birthday_points = fields.Integer(
        "Birthday Points",
        domain=['OR',
            ('birthday_points', '=', None),
            ('birthday_points', '>=', 0),
            ],
        help="Given once a year in the client's birthday month.")
    birthday_coupon = fields.Many2One(
        'sale.promotion.coupon', "Birthday Coupon", ondelete='RESTRICT',
        help="A number of this coupon is given once a year in the client's "
        "birthday month.")
    referral_points = fields.Integer(
        "Referral Points",
        domain=['OR',
            ('referral_points', '=', None),
            ('referral_points', '>=', 0),
            ],
        help="Given once to the referrer and to the referred client when "
        "the referred client's first paid visit is posted.")
    referral_coupon = fields.Many2One(
        'sale.promotion.coupon', "Referral Coupon", ondelete='RESTRICT',
        help="A number of this coupon is given once to the referrer and to "
        "the referred client when the referred client's first paid visit "
        "is posted.")


class Reward(ModelSQL, ModelView):
    "Salon Membership Reward"
    __name__ = 'salon.membership.reward'

    client = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        ondelete='RESTRICT')
    kind = fields.Selection([
            ('birthday', "Birthday"),
            ('referrer', "Referrer"),
            ('referred', "Referred"),
            ], "Kind", required=True, readonly=True)
    key = fields.Char(
        "Key", required=True, readonly=True,
        help="The year of a birthday perk, the referred client of a "
        "referral.")
    date = fields.Date("Date", required=True, readonly=True)
    referred = fields.Many2One(
        'party.party', "Referred Client", readonly=True,
        ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        states={
            'invisible': Eval('kind') == 'birthday',
            },
        depends={'company'})
    points = fields.Integer("Points", readonly=True)
    coupon_number = fields.Many2One(
        'sale.promotion.coupon.number', "Coupon Number", readonly=True,
        ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('client_kind_key_unique',
                Unique(t, t.company, t.client, t.kind, t.key),
                'salon_membership.msg_reward_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))

    @classmethod
    def _give(cls, values, points, coupon):
        "Create the rewards with their points lines and coupon numbers"
        pool = Pool()
        PointsLine = pool.get('salon.points.line')
        Number = pool.get('sale.promotion.coupon.number')
        if not values or not (points or coupon):
            return []
        for value in values:
            value['points'] = points or 0
        with without_check_access():
            if coupon:
                numbers = Number.create([{
                            'coupon': coupon.id,
                            'company': v['company'],
                            'number': secrets.token_hex(5).upper(),
                            'start_date': v['date'],
                            } for v in values])
                for value, number in zip(values, numbers):
                    value['coupon_number'] = number.id
            rewards = cls.create(values)
            if points:
                kinds = {
                    'birthday': 'birthday',
                    'referrer': 'referral',
                    'referred': 'referral',
                    }
                PointsLine.create([{
                            'client': r.client.id,
                            'company': r.company.id,
                            'date': r.date,
                            'points': points,
                            'type': kinds[r.kind],
                            'origin': str(r),
                            } for r in rewards])
        return rewards

    @classmethod
    def give_birthday(cls, today=None):
        "Give the birthday perk to the clients born this month, once a year"
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        Date = pool.get('ir.date')
        Party = pool.get('party.party')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        company = transaction.context.get('company')
        config = Configuration(1)
        if today is None:
            today = Date.today()
        if not company or not (config.birthday_points
                or config.birthday_coupon):
            return []
        party = Party.__table__()
        reward = cls.__table__()
        key = str(today.year)
        cursor.execute(*party.select(party.id,
                where=(party.salon_client == Literal(True))
                & (party.active == Literal(True))
                & (party.salon_birthday != Null)
                & (Extract('MONTH', party.salon_birthday) == today.month)
                & ~Exists(reward.select(Literal(1),
                        where=(reward.client == party.id)
                        & (reward.company == company)
                        & (reward.kind == 'birthday')
                        & (reward.key == key)))))
        values = [{
                'client': client, 'company': company, 'kind': 'birthday',
                'key': key, 'date': today,
                } for client, in cursor]
        return cls._give(
            values, config.birthday_points, config.birthday_coupon)

    @classmethod
    def give_birthday_cron(cls):
        "Daily cron entry point"
        cls.give_birthday()

    @classmethod
    def give_referral(cls, sales):
        """Reward both sides of a referral when the referred client's first
        paid visit (posted POS sale) is among sales"""
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        POSSale = pool.get('sale.point.sale')
        Party = pool.get('party.party')
        config = Configuration(1)
        if not (config.referral_points or config.referral_coupon):
            return []
        referred = {}
        for sale in sales:
            client = sale.salon_client
            if (client and client.salon_referrer
                    and sale.state == 'posted'
                    and client not in referred):
                referred[client] = sale
        if not referred:
            return []
        # A client with an earlier posted sale is not at the first visit
        earlier = POSSale.search([
                ('salon_client', 'in', [c.id for c in referred]),
                ('state', '=', 'posted'),
                ('id', 'not in', [s.id for s in sales]),
                ])
        for sale in earlier:
            referred.pop(sale.salon_client, None)
        # Lock the clients then skip the rewards already given
        lock_ledger(Party, list(referred))
        given = {(r.client, r.company, r.key) for r in cls.search([
                    ('kind', '=', 'referred'),
                    ('client', 'in', [c.id for c in referred]),
                    ])}
        values = []
        for client, sale in referred.items():
            key = str(client.id)
            if (client, sale.company, key) in given:
                continue
            common = {
                'company': sale.company.id, 'key': key, 'date': sale.date,
                'referred': client.id,
                }
            values.append(dict(common, client=client.id, kind='referred'))
            values.append(dict(common,
                    client=client.salon_referrer.id, kind='referrer'))
        return cls._give(
            values, config.referral_points, config.referral_coupon)


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_rewards = fields.One2Many(
        'salon.membership.reward', 'client', "Rewards", readonly=True)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('salon.membership.reward|give_birthday_cron',
                    "Give Birthday Perks"),
                ])

