# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pyson import Eval

from .common import OverlapMixin, format_local, no_overlap
from .exceptions import ScheduleValidationError


class Shift(OverlapMixin, ModelSQL, ModelView):
    __name__ = 'salon.shift'

    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE')
    start = fields.DateTime("Start", required=True)
    end = fields.DateTime("End", required=True)
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_overlap', no_overlap(t, t.employee),
                'salon_booking.msg_shift_overlap'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.store, Index.Equality()), (t.start, Index.Range())))
        cls._order = [
            ('start', 'ASC'), ('employee', 'ASC'), ('id', 'ASC')]
        cls.__access__.add('store')

    @fields.depends('store', '_parent_store.company')
    def on_change_with_company(self, name=None):
        return self.store.company if self.store else None

    @classmethod
    def search_company(cls, name, clause):
        return [('store.company',) + tuple(clause[1:])]

    @fields.depends('employee', 'store', '_parent_employee.salon_store')
    def on_change_employee(self):
        if self.employee and self.employee.salon_store and not self.store:
            self.store = self.employee.salon_store

    def get_rec_name(self, name):
        tzinfo = self.store.tzinfo
        return '%s @ %s %s' % (
            self.employee.rec_name, self.store.rec_name,
            format_local(self.start, tzinfo))

    @classmethod
    def validate_fields(cls, shifts, field_names):
        super().validate_fields(shifts, field_names)
        for shift in shifts:
            if shift.end <= shift.start:
                raise ScheduleValidationError(gettext(
                        'salon_booking.msg_shift_dates',
                        employee=shift.employee.rec_name))
