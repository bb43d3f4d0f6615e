# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class POSSale(metaclass=PoolMeta):
    __name__ = 'sale.point.sale'

    salon_client = fields.Many2One(
        'party.party', "Client", ondelete='RESTRICT',
        domain=[('salon_client', '=', True)],
        states={
            'readonly': Eval('state') != 'open',
            },
        context={
            'salon_client': True,
            'company': Eval('company', -1),
            },
        depends={'company'})
    salon_store = fields.Function(fields.Many2One(
            'salon.store', "Store"), 'on_change_with_salon_store',
        searcher='search_salon_store')
    salon_allergies = fields.Function(fields.Text(
            "Allergies"), 'on_change_with_salon_allergies')

    @fields.depends('point')
    def on_change_with_salon_store(self, name=None):
        if self.point and self.point.salon_store:
            return self.point.salon_store

    @classmethod
    def search_salon_store(cls, name, clause):
        return [('point.salon_store',) + tuple(clause[1:])]

    @fields.depends('salon_client')
    def on_change_with_salon_allergies(self, name=None):
        if self.salon_client:
            return self.salon_client.salon_allergies

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, sales):
        pool = Pool()
        Followup = pool.get('salon.followup')
        super().post(sales)
        Followup.plan_after_sales(sales)


class POSSaleLine(metaclass=PoolMeta):
    __name__ = 'sale.point.sale.line'

    salon_stylist = fields.Many2One(
        'company.employee', "Stylist", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('sale_state') != 'open',
            },
        help="The employee who served this line; commissions key on it.")

    @classmethod
    def default_salon_stylist(cls):
        return None
