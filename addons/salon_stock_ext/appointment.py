# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.modules.product import round_price
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import CancelDoneAccessError, ConsumptionError
from .stock import backbar_location_id


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._transitions |= {('done', 'cancelled')}
        cls._buttons.update({
                'cancel_done': {
                    'invisible': Eval('state') != 'done',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, appointments):
        super().do(appointments)
        cls.consume(appointments)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, appointments):
        done = [a for a in appointments if a.state == 'done']
        if done and not Transaction().context.get('_salon_cancel_done'):
            raise CancelDoneAccessError(gettext(
                    'salon_stock_ext.msg_cancel_done_button',
                    appointment=done[0].rec_name))
        super().cancel(appointments)
        if done:
            cls.unconsume(done)

    @classmethod
    @ModelView.button
    def cancel_done(cls, appointments):
        "Cancel done appointments and give their consumables back"
        done = [a for a in appointments if a.state == 'done']
        with Transaction().set_context(_salon_cancel_done=True):
            cls.cancel(done)

    @classmethod
    def consume(cls, appointments):
        """Create and do the moves of the consumables of the appointments'
        lines from the store's storage to the back-bar location"""
        pool = Pool()
        Move = pool.get('stock.move')
        Uom = pool.get('product.uom')
        Date = pool.get('ir.date')
        backbar_id = backbar_location_id()
        costs, todays = {}, {}
        moves = []
        for appointment in appointments:
            company = appointment.company
            if company not in todays:
                with Transaction().set_context(company=company.id):
                    todays[company] = Date.today()
            storage = appointment.consumption_storage()
            for line in appointment.lines:
                for consumable in line.product.template.salon_consumables:
                    product, unit = consumable.product, consumable.unit
                    key = (company.id, product.id, unit.id)
                    if key not in costs:
                        cost = product.get_multivalue(
                            'cost_price', company=company.id) or 0
                        costs[key] = round_price(Uom.compute_price(
                                product.default_uom, cost, unit))
                    moves.append(line._consumption_move(
                            product, consumable.quantity, unit,
                            storage.id, backbar_id, costs[key],
                            todays[company]))
        Move.save(moves)
        Move.do(moves)
        return moves

    @classmethod
    def unconsume(cls, appointments):
        "Create and do the moves reversing the appointments' consumption"
        pool = Pool()
        Move = pool.get('stock.move')
        Date = pool.get('ir.date')
        backbar_id = backbar_location_id()
        moves = []
        for appointment in appointments:
            with Transaction().set_context(company=appointment.company.id):
                today = Date.today()
            for line in appointment.lines:
                net = {}
                for move in line.consumption_moves:
                    if move.state != 'done':
                        continue
                    sign = 1 if move.to_location.id == backbar_id else -1
                    key = (move.product, move.unit, move.from_location
                        if sign > 0 else move.to_location)
                    quantity, price = net.get(key, (0, move.unit_price))
                    net[key] = (quantity + sign * move.quantity, price)
                for (product, unit, storage), (quantity, price) in (
                        net.items()):
                    quantity = unit.round(quantity)
                    if quantity <= 0:
                        continue
                    moves.append(line._consumption_move(
                            product, quantity, unit, backbar_id,
                            storage.id, price, today))
        Move.save(moves)
        Move.do(moves)
        return moves

    def consumption_storage(self):
        "Return the storage location the consumables are taken from"
        storage = self.store.storage_location
        if not storage:
            raise ConsumptionError(gettext(
                    'salon_stock_ext.msg_store_no_warehouse',
                    store=self.store.rec_name,
                    appointment=self.rec_name))
        return storage


class AppointmentLine(metaclass=PoolMeta):
    __name__ = 'salon.appointment.line'

    consumption_moves = fields.One2Many(
        'stock.move', 'origin', "Back-bar Consumption", readonly=True)

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('consumption_moves')
        return super().copy(lines, default=default)

    def _consumption_move(
            self, product, quantity, unit, from_id, to_id, unit_price,
            date):
        "Return an unsaved back-bar move of the line"
        Move = Pool().get('stock.move')
        company = self.appointment.company
        return Move(
            product=product, quantity=quantity, unit=unit,
            from_location=from_id, to_location=to_id,
            company=company, currency=company.currency,
            unit_price=unit_price,
            planned_date=date, effective_date=date,
            origin=self)
