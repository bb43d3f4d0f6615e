# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Extra resources: a service may need, besides its room, one resource
(salon.room) of each of several types at the same time, e.g. a machine.
They hold busy rows in the room column of salon.appointment.busy, so the
same exclusion constraint (or lock + check) keeps them conflict-free."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import ResourceValidationError
from .service import ROOM_TYPES


def type_names():
    "The translated names of the resource types"
    Room = Pool().get('salon.room')
    return dict(Room.fields_get(['type'])['type']['selection'])


def get_resources(store, products, resource_ids):
    """Return the resources (salon.room) of resource_ids after checking
    they are of the store and of a type one of the products needs"""
    Room = Pool().get('salon.room')
    resource_ids = [int(r) for r in resource_ids or []]
    if not resource_ids:
        return []
    found = {r.id: r for r in Room.search([('id', 'in', resource_ids)])}
    needed = {t for p in products
        for t in p.template.salon_resource_types or ()}
    services = ', '.join(p.template.rec_name for p in products)
    names = type_names()
    resources, types = [], set()
    for resource_id in resource_ids:
        resource = found.get(resource_id)
        if not resource or resource.store != store:
            raise ResourceValidationError(gettext(
                    'salon_booking.msg_resource_store',
                    resource=resource.rec_name if resource else resource_id,
                    store=store.rec_name))
        if resource.type not in needed:
            raise ResourceValidationError(gettext(
                    'salon_booking.msg_resource_type',
                    resource=resource.rec_name, service=services,
                    types=', '.join(names[t] for t in sorted(needed))))
        if resource.type in types:
            raise ResourceValidationError(gettext(
                    'salon_booking.msg_resource_duplicate',
                    record=services, type=names[resource.type]))
        types.add(resource.type)
        resources.append(resource)
    return resources


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    salon_resource_types = fields.MultiSelection(
        ROOM_TYPES, "Extra Resources",
        states={
            'invisible': ~Eval('salon_service'),
            },
        help="The other kinds of resource (e.g. a machine) the service "
        "needs at the same time as its room: one of each.")


class AppointmentLine(metaclass=PoolMeta):
    __name__ = 'salon.appointment.line'

    extra_resources = fields.Many2Many(
        'salon.appointment.line-salon.room', 'line', 'resource',
        "Extra Resources",
        states={
            'readonly': Eval('appointment_state') != 'draft',
            },
        help="One resource of each extra type the service needs.")
    extra_resource_names = fields.Function(
        fields.Char("Extra Resources"), 'get_extra_resource_names')

    def get_extra_resource_names(self, name):
        return ', '.join(r.name for r in self.extra_resources)

    def check_resources(self):
        super().check_resources()
        template = self.product.template
        needed = set(template.salon_resource_types or ())
        store = self.appointment.store
        names = type_names()
        types = set()
        for resource in self.extra_resources:
            if resource.store != store:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_resource_store',
                        resource=resource.rec_name, store=store.rec_name))
            if resource.type not in needed:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_resource_type',
                        resource=resource.rec_name,
                        service=template.rec_name,
                        types=', '.join(names[t] for t in sorted(needed))))
            if resource.type in types:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_resource_duplicate',
                        record=self.rec_name, type=names[resource.type]))
            types.add(resource.type)
        for type_ in sorted(needed - types):
            raise ResourceValidationError(gettext(
                    'salon_booking.msg_resource_missing',
                    record=self.rec_name, service=template.rec_name,
                    type=names[type_]))

    def resource_interval(self):
        "The UTC interval during which the extra resources are busy"
        buffer = dt.timedelta(minutes=self.product.template.salon_buffer or 0)
        return self.start, self.end + buffer


class LineResource(ModelSQL):
    __name__ = 'salon.appointment.line-salon.room'

    line = fields.Many2One(
        'salon.appointment.line', "Line", required=True, ondelete='CASCADE')
    resource = fields.Many2One(
        'salon.room', "Resource", required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('line')


class Busy(metaclass=PoolMeta):
    __name__ = 'salon.appointment.busy'

    @classmethod
    def _line_rows(cls, line, names):
        rows = super()._line_rows(line, names)
        if line.extra_resources:
            start, end = line.resource_interval()
        for resource in line.extra_resources:
            names['resource', resource.id] = resource
            rows.append(cls(
                    appointment=line.appointment, line=line,
                    employee=None, room=resource, start=start, end=end))
        return rows
