# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import PoolMeta
from trytond.pyson import Bool, Eval

from .exceptions import ResourceValidationError

ROOM_TYPES = [
    ('chair', "Chair"),
    ('basin', "Wash Basin"),
    ('room', "Treatment Room"),
    ('bed', "Bed"),
    ('equipment', "Equipment"),
    ('machine', "Machine"),
    ]


class Skill(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'salon.skill'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    _service_states = {
        'invisible': ~Eval('salon_service'),
        'required': Bool(Eval('salon_service')),
        }

    salon_service = fields.Boolean(
        "Salon Service",
        states={
            'invisible': Eval('type') != 'service',
            },
        help="Check to book the service in the salon appointments.")
    salon_duration = fields.Integer(
        "Duration", states=_service_states,
        help="In minutes, the time the client spends on the service.")
    salon_buffer = fields.Integer(
        "Buffer", states=_service_states,
        help="In minutes, the cleanup after the service: the employee and "
        "the room stay busy.")
    salon_processing_start = fields.Integer(
        "Processing Start", states=_service_states,
        help="In minutes after the start, when the processing gap begins.")
    salon_processing_gap = fields.Integer(
        "Processing Gap", states=_service_states,
        help="In minutes, the time (e.g. colour developing) during which "
        "the employee is free for another client while the room stays "
        "busy.")
    salon_room_type = fields.Selection(
        [(None, "")] + ROOM_TYPES, "Room Type",
        states={
            'invisible': ~Eval('salon_service'),
            },
        help="The kind of room the service needs, if any.")
    salon_skills = fields.Many2Many(
        'product.template-salon.skill', 'template', 'skill', "Skills",
        states={
            'invisible': ~Eval('salon_service'),
            },
        help="The skills an employee needs to perform the service.")

    @classmethod
    def default_salon_service(cls):
        return False

    @classmethod
    def default_salon_duration(cls):
        return 60

    @classmethod
    def default_salon_buffer(cls):
        return 0

    @classmethod
    def default_salon_processing_start(cls):
        return 0

    @classmethod
    def default_salon_processing_gap(cls):
        return 0

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        cls.check_salon_timing(templates, field_names)

    @classmethod
    def check_salon_timing(cls, templates, field_names=None):
        if field_names and not (field_names & {
                    'salon_service', 'salon_duration', 'salon_buffer',
                    'salon_processing_start', 'salon_processing_gap'}):
            return
        for template in templates:
            if not template.salon_service:
                continue
            duration = template.salon_duration or 0
            start = template.salon_processing_start or 0
            gap = template.salon_processing_gap or 0
            if (duration <= 0 or (template.salon_buffer or 0) < 0
                    or start < 0 or gap < 0 or start + gap > duration):
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_service_timing',
                        service=template.rec_name))

    def salon_timeline(self):
        """Return (duration, employee intervals, room interval) relative to
        the start of the service, as timedelta, buffer included"""
        minutes = dt.timedelta(minutes=1)
        duration = (self.salon_duration or 0) * minutes
        buffer = (self.salon_buffer or 0) * minutes
        gap = (self.salon_processing_gap or 0) * minutes
        gap_start = (self.salon_processing_start or 0) * minutes
        if gap:
            intervals = [
                (dt.timedelta(0), gap_start),
                (gap_start + gap, duration + buffer)]
            intervals = [(s, e) for s, e in intervals if e > s]
        else:
            intervals = [(dt.timedelta(0), duration + buffer)]
        return duration, intervals, (dt.timedelta(0), duration + buffer)


class TemplateSkill(ModelSQL):
    __name__ = 'product.template-salon.skill'

    template = fields.Many2One(
        'product.template', "Template", required=True, ondelete='CASCADE')
    skill = fields.Many2One(
        'salon.skill', "Skill", required=True, ondelete='CASCADE')


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    salon_skills = fields.Many2Many(
        'company.employee-salon.skill', 'employee', 'skill', "Skills")


class EmployeeSkill(ModelSQL):
    __name__ = 'company.employee-salon.skill'

    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')
    skill = fields.Many2One(
        'salon.skill', "Skill", required=True, ondelete='CASCADE')
