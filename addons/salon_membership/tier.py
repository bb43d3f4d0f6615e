# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Membership tiers: set every day from the last 12 months of each client.

The cron reads the spend (or the points earned) of every client in one
aggregate query, picks the tiers in Python (a chain has a handful) and
writes the changes with one UPDATE per tier."""
from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Literal, Null
from sql.aggregate import Sum

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction


class Tier(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Salon Membership Tier"
    __name__ = 'salon.membership.tier'

    name = fields.Char("Name", required=True, translate=True)
    threshold = fields.Numeric(
        "Threshold", digits=(16, 2), required=True,
        domain=[('threshold', '>=', 0)],
        help="The spend (or the points earned, as configured) of the last "
        "12 months that reaches the tier.")
    discount = fields.Numeric(
        "Discount", digits=(1, 4), required=True,
        domain=[('discount', '>=', 0), ('discount', '<', 1)],
        help="The rate taken off the POS prices of the tier's clients "
        "(0.05 for 5%).")
    points_rate = fields.Numeric(
        "Points per Unit", digits=(16, 4),
        domain=['OR',
            ('points_rate', '=', None),
            ('points_rate', '>=', 0),
            ],
        help="Leave empty for the rate of the configuration.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('threshold', 'ASC'))

    @classmethod
    def default_discount(cls):
        return Decimal(0)

    @classmethod
    def default_threshold(cls):
        return Decimal(0)


class TierHistory(ModelSQL, ModelView):
    "Salon Membership Tier History"
    __name__ = 'salon.membership.tier.history'

    client = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='CASCADE')
    date = fields.Date("Date", required=True, readonly=True)
    from_ = fields.Many2One(
        'salon.membership.tier', "From", readonly=True, ondelete='RESTRICT')
    to = fields.Many2One(
        'salon.membership.tier', "To", readonly=True, ondelete='RESTRICT')
    reason = fields.Char("Reason", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('date', 'DESC'))
        cls._order.insert(1, ('id', 'DESC'))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_tier = fields.Many2One(
        'salon.membership.tier', "Tier", readonly=True, ondelete='RESTRICT',
        help="Set every day from the spend of the last 12 months.")
    salon_tier_history = fields.One2Many(
        'salon.membership.tier.history', 'client', "Tier History",
        readonly=True)

    @classmethod
    def salon_tier_values(cls, today):
        """Return {client: value} of the last 12 months up to today:
        the spend of the posted POS sales or the points earned"""
        pool = Pool()
        Configuration = pool.get('salon.membership.configuration')
        POSSale = pool.get('sale.point.sale')
        POSLine = pool.get('sale.point.sale.line')
        PointsLine = pool.get('salon.points.line')
        cursor = Transaction().connection.cursor()
        config = Configuration(1)
        start = today - relativedelta(months=12)
        if config.tier_basis == 'points':
            line = PointsLine.__table__()
            query = line.select(
                line.client, Sum(line.points),
                where=(line.points > 0)
                & line.type.in_(['earn', 'birthday', 'referral'])
                & (line.date > start) & (line.date <= today),
                group_by=[line.client])
        else:
            sale = POSSale.__table__()
            line = POSLine.__table__()
            query = sale.join(line, condition=line.sale == sale.id
                ).select(
                    sale.salon_client,
                    Sum(line.quantity * line.unit_gross_price),
                    where=(sale.state == 'posted')
                    & (sale.salon_client != Null)
                    & (sale.date > start) & (sale.date <= today),
                    group_by=[sale.salon_client])
        cursor.execute(*query)
        return {c: Decimal(str(v or 0)) for c, v in cursor}

    @classmethod
    def salon_update_tiers(cls, today=None):
        "Upgrade and downgrade the clients and record the changes"
        pool = Pool()
        Date = pool.get('ir.date')
        Tier = pool.get('salon.membership.tier')
        History = pool.get('salon.membership.tier.history')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        if today is None:
            today = Date.today()
        party = cls.__table__()
        in_ = fields.SQL_OPERATORS['in']
        tiers = sorted(
            Tier.search([]), key=lambda t: t.threshold, reverse=True)
        values = cls.salon_tier_values(today)

        def tier_of(value):
            for tier in tiers:
                if value >= tier.threshold:
                    return tier.id

        # The clients with a value or a tier are the only ones to check
        cursor.execute(*party.select(
                party.id, party.salon_tier,
                where=(party.salon_client == Literal(True))
                & ((party.salon_tier != Null)
                    | in_(party.id, list(values) or [-1]))))
        current = dict(cursor)
        changes = defaultdict(list)
        history = []
        names = {t.id: t for t in tiers}
        for client, old in current.items():
            value = values.get(client, Decimal(0))
            new = tier_of(value)
            if new != old:
                changes[new].append(client)
                reason = gettext(
                    'salon_membership.msg_tier_reason',
                    value=value.quantize(Decimal('0.01')))
                history.append({
                        'client': client, 'date': today,
                        'from_': old, 'to': new, 'reason': reason})
        for tier, clients in changes.items():
            for sub_ids in grouped_slice(
                clients, backend.MAX_QUERY_PARAMS):
                cursor.execute(*party.update(
                        [party.salon_tier], [tier],
                        where=in_(party.id, list(sub_ids))))
        if history:
            History.create(history)
            cls._salon_clear_cache()
        return {names.get(t): c for t, c in changes.items()}

    @classmethod
    def salon_update_tiers_cron(cls):
        "Daily cron entry point"
        cls.salon_update_tiers()


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('party.party|salon_update_tiers_cron',
                    "Update Membership Tiers"),
                ])
