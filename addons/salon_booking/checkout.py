# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Checkout: a done appointment becomes a draft sale of the store's POS,
built by hooks (as sale_point builds its moves) and saved in bulk."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta

from .exceptions import CheckoutError


class Appointment(metaclass=PoolMeta):
    __name__ = 'salon.appointment'

    @classmethod
    @ModelView.button
    def checkout(cls, appointments):
        "Create the draft POS sales of the done appointments"
        Sale = Pool().get('sale.point.sale')
        appointments = [a for a in appointments if not a.sale]
        for appointment in appointments:
            if appointment.state != 'done':
                raise CheckoutError(gettext(
                        'salon_booking.msg_checkout_not_done',
                        appointment=appointment.rec_name))
        points = cls._checkout_points(appointments)
        sales = []
        for appointment in appointments:
            point = points.get(
                (appointment.store.id, appointment.company.id))
            if not point:
                raise CheckoutError(gettext(
                        'salon_booking.msg_checkout_no_pos',
                        store=appointment.store.rec_name,
                        appointment=appointment.rec_name))
            appointment.sale = appointment.get_pos_sale(point)
            sales.append(appointment.sale)
        Sale.save(sales)
        cls.save(appointments)

    @classmethod
    def _checkout_points(cls, appointments):
        "Return the first POS of each (store, company) of the appointments"
        POS = Pool().get('sale.point')
        points = {}
        for point in POS.search([
                    ('salon_store', 'in',
                        list({a.store.id for a in appointments})),
                    ], order=[('id', 'ASC')]):
            points.setdefault(
                (point.salon_store.id, point.company.id), point)
        return points

    def get_pos_sale(self, point):
        "Return the draft POS sale of the appointment at point"
        Sale = Pool().get('sale.point.sale')
        sale = Sale(company=self.company, point=point)
        sale.salon_client = self.client
        sale.date = Sale.default_date()
        lines = []
        for a_line in self.lines:
            line = a_line.get_pos_sale_line(sale)
            if line:
                lines.append(line)
        sale.lines = lines
        return sale


class AppointmentLine(metaclass=PoolMeta):
    __name__ = 'salon.appointment.line'

    def get_pos_sale_line(self, sale):
        "Return the line of the POS sale charging the service"
        Line = Pool().get('sale.point.sale.line')
        line = Line(sale=sale, product=self.product, quantity=1)
        line.on_change_product()
        line.salon_stylist = self.employee
        line.salon_appointment_line = self
        return line


class POSSaleLine(metaclass=PoolMeta):
    __name__ = 'sale.point.sale.line'

    salon_appointment_line = fields.Many2One('salon.appointment.line',
        "Appointment Line", readonly=True, ondelete='SET NULL')

    @classmethod
    def copy(cls, lines, default=None):
        default = dict(default or {})
        # a copy charges no appointment
        default.setdefault('salon_appointment_line')
        return super().copy(lines, default=default)
