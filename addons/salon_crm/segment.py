# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Client segmentation: R, F, M scores, value tier and lifecycle.

Everything is computed in a few set-based statements (python-sql), never
per client, so the daily cron stays linear in the number of sale lines."""
import datetime as dt

from sql import Literal, Null, Table, Union, Window
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Function, Rank
from sql.operators import Exists, IsDistinct

from trytond import backend
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class DateOf(Function):
    "The date of a timestamp (DATE() on PostgreSQL and SQLite)"
    __slots__ = ()
    _function = 'DATE'


def score(value, partition):
    """Return the quintile score 1-5 of value within partition.

    score = ceil(5 * cume_dist) with cume_dist = rows with a value <= this
    one / rows, in integer arithmetic so ties share a score and the edges
    are exact on every backend."""
    rows = Count(Literal(1), window=Window(partition))
    higher = Rank(window=Window(partition, order_by=[value.desc])) - 1
    at_most = rows - higher
    return (Literal(5) * at_most + rows - 1) / rows


def changed(columns, values):
    "Return the condition that any column differs from its new value"
    condition = Literal(False)
    for column, value in zip(columns, values):
        condition |= IsDistinct(column, value)
    return condition


def materialise(cursor, name, query):
    """Store query into the temporary table name and return the table.

    Reading it is cheaper than recomputing the query and its statistics
    give PostgreSQL the real number of rows to plan the joins."""
    table = Table(name)
    cursor.execute('DROP TABLE IF EXISTS "%s"' % name)
    query, params = tuple(query)
    cursor.execute(
        'CREATE TEMPORARY TABLE "%s" AS %s' % (name, query), params)
    if backend.name == 'postgresql':
        cursor.execute('ANALYZE "%s"' % name)
    return table


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def salon_visits_query(cls):
        """Return a query of (client, date, amount) per paid visit.

        Visits are the posted POS sales of the client and the client's
        confirmed sales orders."""
        pool = Pool()
        POSSale = pool.get('sale.point.sale')
        POSLine = pool.get('sale.point.sale.line')
        Sale = pool.get('sale.sale')
        pos_sale = POSSale.__table__()
        pos_line = POSLine.__table__()
        sale = Sale.__table__()

        pos = pos_sale.join(pos_line, condition=pos_line.sale == pos_sale.id
            ).select(
                pos_sale.salon_client.as_('client'),
                pos_sale.date.as_('date'),
                Sum(pos_line.quantity * pos_line.unit_gross_price).as_(
                    'amount'),
                where=(pos_sale.state == 'posted')
                & (pos_sale.salon_client != Null),
                group_by=[pos_sale.id, pos_sale.salon_client, pos_sale.date])
        orders = sale.select(
            sale.party.as_('client'),
            sale.sale_date.as_('date'),
            Coalesce(sale.total_amount_cache, 0).as_('amount'),
            where=sale.state.in_(['processing', 'done'])
            & (sale.sale_date != Null))
        # The history imported from the legacy software counts as a visit
        party = cls.__table__()
        legacy = party.select(
            party.id.as_('client'),
            party.salon_legacy_last_visit.as_('date'),
            Coalesce(party.salon_legacy_spent, 0).as_('amount'),
            where=party.salon_legacy_last_visit != Null)
        return Union(pos, orders, legacy, all_=True)

    @classmethod
    def salon_compute_segments(cls, today=None):
        "Recompute visits, totals, RFM, value tier and lifecycle"
        pool = Pool()
        Configuration = pool.get('salon.configuration')
        Date = pool.get('ir.date')
        Followup = pool.get('salon.followup')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        config = Configuration(1)
        if today is None:
            today = Date.today()
        party = cls.__table__()
        followup = Followup.__table__()

        visits = cls.salon_visits_query()
        stats = visits.select(
            visits.client.as_('client'),
            Count(Literal(1)).as_('visit_count'),
            Min(visits.date).as_('first_visit'),
            Max(visits.date).as_('last_visit'),
            Sum(visits.amount).as_('total'),
            group_by=[visits.client])
        # Aggregated once: the scores, the contacts and the prospects read it
        stats = materialise(cursor, 'salon_segment_stats', stats)

        # Unanswered re-activation contacts after the day of the last visit
        contacts = stats.join(
            followup, condition=followup.client == stats.client
            ).select(
                followup.client.as_('client'),
                Count(Literal(1)).as_('unanswered'),
                where=(followup.kind == 'reactivation')
                & (followup.state == 'done')
                & (followup.result == 'no_answer')
                & (DateOf(followup.done_date) > stats.last_visit),
                group_by=[followup.client])

        if config.rfm_scope == 'store':
            partition = [party.salon_home_store]
        else:
            # No PARTITION BY: a constant is a parameter which makes each
            # COUNT() OVER its own window, buffered and read once each
            partition = []
        ranked = stats.join(party, condition=party.id == stats.client
            ).join(contacts, 'LEFT',
                condition=contacts.client == stats.client
            ).select(
                stats.client.as_('client'),
                stats.visit_count.as_('visit_count'),
                stats.first_visit.as_('first_visit'),
                stats.last_visit.as_('last_visit'),
                stats.total.as_('total'),
                Coalesce(contacts.unanswered, 0).as_('unanswered'),
                score(stats.last_visit, partition).as_('r'),
                score(stats.visit_count, partition).as_('f'),
                score(stats.total, partition).as_('m'),
                where=party.salon_client == Literal(True))

        new_from = today - dt.timedelta(days=config.new_days)
        active_from = today - dt.timedelta(days=config.active_days)
        rfm = ranked.r + ranked.f + ranked.m
        tier = Case(
            (rfm >= config.tier_high_min, 'high'),
            (rfm >= config.tier_medium_min, 'medium'),
            else_='low')
        lifecycle = Case(
            (ranked.first_visit >= new_from, 'new'),
            (ranked.last_visit >= active_from, 'active'),
            (ranked.unanswered >= config.lost_contacts, 'lost'),
            else_='sleeping')

        columns = [
            party.salon_visit_count, party.salon_first_visit,
            party.salon_last_visit, party.salon_total_spent,
            party.salon_unanswered_contacts,
            party.salon_rfm_r, party.salon_rfm_f, party.salon_rfm_m,
            party.salon_value_tier, party.salon_lifecycle,
            ]
        values = [
            ranked.visit_count, ranked.first_visit,
            ranked.last_visit, ranked.total, ranked.unanswered,
            ranked.r, ranked.f, ranked.m, tier, lifecycle,
            ]
        # Only the rows whose values change are written
        cursor.execute(*party.update(
                columns, values, from_=[ranked],
                where=(party.id == ranked.client)
                & changed(columns, values)))

        # Clients without any paid visit are prospects.
        prospect = [0, Null, Null, 0, 0, Null, Null, Null, Null, 'prospect']
        cursor.execute(*party.update(
                columns, prospect,
                where=(party.salon_client == Literal(True))
                & ~Exists(stats.select(Literal(1),
                        where=stats.client == party.id))
                & changed(columns, prospect)))
        cursor.execute('DROP TABLE "salon_segment_stats"')
        # Stored values were changed behind the ORM
        cls._salon_clear_cache()

    @classmethod
    def _salon_clear_cache(cls):
        transaction = Transaction()
        transaction.counter += 1
        for cache in transaction.cache.values():
            if cls.__name__ in cache:
                cache[cls.__name__].clear()

    @classmethod
    def salon_compute_segments_cron(cls):
        "Daily cron entry point"
        cls.salon_compute_segments()


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('party.party|salon_compute_segments_cron',
                    "Compute Client Segments"),
                ('salon.followup|flag_overdue', "Flag Overdue Follow-ups"),
                ('party.party|salon_apply_retention',
                    "Anonymise Clients Past Retention"),
                ])
