# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from sql import Cast, Literal, Null
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Round
from sql.operators import Concat

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .stock import backbar_location_id

# the POS sales whose lines are revenue
PAID = ['done', 'posted']


class ReportContext(ModelView):
    "Salon Stock Report Context"
    __name__ = 'salon.stock.report.context'

    company = fields.Many2One('company.company', "Company", required=True)
    from_date = fields.Date("From Date")
    to_date = fields.Date("To Date")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_from_date(cls):
        return Transaction().context.get('from_date')

    @classmethod
    def default_to_date(cls):
        return Transaction().context.get('to_date')


class _StoreReport(ModelSQL, ModelView):

    company = fields.Many2One('company.company', "Company")
    store = fields.Many2One('salon.store', "Store", required=True)
    currency = fields.Many2One('currency.currency', "Currency")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('store')

    @classmethod
    def _money(cls, expression, digits=4):
        return Round(cls.consumable_cost.sql_cast(expression), digits)

    @classmethod
    def _date_where(cls, column):
        context = Transaction().context
        where = Literal(True)
        if context.get('from_date'):
            where &= column >= context['from_date']
        if context.get('to_date'):
            where &= column <= context['to_date']
        return where


class ServiceMargin(_StoreReport):
    "Gross margin per service and store: POS revenue less back-bar cost"
    __name__ = 'salon.stock.service_margin'

    service = fields.Many2One(
        'product.product', "Service",
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    number = fields.Integer("Services Performed")
    revenue = Monetary("Revenue", currency='currency', digits='currency')
    consumable_cost = Monetary(
        "Consumables Cost", currency='currency', digits='currency')
    margin = Monetary("Gross Margin", currency='currency', digits='currency')
    margin_rate = fields.Float("Margin Rate", digits=(1, 4))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('store', 'ASC'), ('margin', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Appointment = pool.get('salon.appointment')
        Line = pool.get('salon.appointment.line')
        Company = pool.get('company.company')
        Move = pool.get('stock.move')
        Sale = pool.get('sale.point.sale')
        SaleLine = pool.get('sale.point.sale.line')
        appointment = Appointment.__table__()
        line = Line.__table__()
        company = Company.__table__()
        move = Move.__table__()
        sale = Sale.__table__()
        sale_line = SaleLine.__table__()
        backbar_id = backbar_location_id()
        context = Transaction().context

        sign = Case((move.to_location == backbar_id, 1), else_=-1)
        prefix = 'salon.appointment.line,'
        cost = (move
            .select(
                move.origin.as_('origin'),
                Sum(sign * move.internal_quantity * move.cost_price).as_(
                    'cost'),
                where=((move.to_location == backbar_id)
                    | (move.from_location == backbar_id))
                & (move.state == 'done')
                & move.origin.like(prefix + '%'),
                group_by=[move.origin]))
        # the revenue is what the paid POS sales charge for the line, after
        # discounts, coupons and package sessions, without tax
        charged = (sale_line
            .join(sale, condition=sale_line.sale == sale.id)
            .select(
                sale_line.salon_appointment_line.as_('line'),
                Sum(cls.revenue.sql_cast(sale_line.quantity)
                    * sale_line.unit_list_price).as_('revenue'),
                where=sale.state.in_(PAID)
                & (sale_line.salon_appointment_line != Null),
                group_by=[sale_line.salon_appointment_line]))
        line_origin = Concat(prefix, Cast(line.id, 'VARCHAR'))
        where = (appointment.state == 'done') & cls._date_where(
            appointment.start)
        if context.get('company'):
            where &= appointment.company == context['company']
        line_cost = Coalesce(cost.cost, 0)
        revenue = Sum(Coalesce(charged.revenue, 0))
        total_cost = Sum(line_cost)
        return (line
            .join(appointment, condition=line.appointment == appointment.id)
            .join(company, condition=appointment.company == company.id)
            .join(cost, 'LEFT', condition=cost.origin == line_origin)
            .join(charged, 'LEFT', condition=charged.line == line.id)
            .select(
                Min(line.id).as_('id'),
                Count(line.id).as_('number'),
                appointment.company.as_('company'),
                appointment.store.as_('store'),
                line.product.as_('service'),
                company.currency.as_('currency'),
                cls._money(revenue).as_('revenue'),
                cls._money(total_cost).as_('consumable_cost'),
                cls._money(revenue - total_cost).as_('margin'),
                Case((revenue != 0,
                        cls.margin_rate.sql_cast(
                            (revenue - total_cost) / revenue)),
                    else_=Null).as_('margin_rate'),
                where=where,
                group_by=[
                    appointment.company, appointment.store, line.product,
                    company.currency]))


class TopConsumed(_StoreReport):
    "Back-bar products consumed per store"
    __name__ = 'salon.stock.top_consumed'

    product = fields.Many2One(
        'product.product', "Product",
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    unit = fields.Many2One('product.uom', "Unit")
    quantity = fields.Float("Quantity", digits='unit')
    consumable_cost = Monetary(
        "Cost", currency='currency', digits='currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('store', 'ASC'), ('consumable_cost', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Move = pool.get('stock.move')
        Store = pool.get('salon.store')
        Location = pool.get('stock.location')
        Company = pool.get('company.company')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        move = Move.__table__()
        store = Store.__table__()
        warehouse = Location.__table__()
        company = Company.__table__()
        product = Product.__table__()
        template = Template.__table__()
        backbar_id = backbar_location_id()
        context = Transaction().context

        sign = Case((move.to_location == backbar_id, 1), else_=-1)
        storage = Case(
            (move.to_location == backbar_id, move.from_location),
            else_=move.to_location)
        where = (((move.to_location == backbar_id)
                | (move.from_location == backbar_id))
            & (move.state == 'done')
            & cls._date_where(move.effective_date))
        if context.get('company'):
            where &= move.company == context['company']
        quantity = Sum(sign * move.internal_quantity)
        return (move
            .join(warehouse, condition=warehouse.storage_location == storage)
            .join(store, condition=(store.warehouse == warehouse.id)
                & (store.company == move.company))
            .join(company, condition=move.company == company.id)
            .join(product, condition=move.product == product.id)
            .join(template, condition=product.template == template.id)
            .select(
                Min(move.id).as_('id'),
                move.company.as_('company'),
                store.id.as_('store'),
                move.product.as_('product'),
                template.default_uom.as_('unit'),
                company.currency.as_('currency'),
                quantity.as_('quantity'),
                cls._money(Sum(sign * move.internal_quantity
                        * move.cost_price)).as_('consumable_cost'),
                where=where,
                group_by=[
                    move.company, store.id, move.product,
                    template.default_uom, company.currency]))
