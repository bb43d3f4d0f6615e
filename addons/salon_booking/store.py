# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields
from trytond.pool import PoolMeta

from .exceptions import ScheduleValidationError
from .service import ROOM_TYPES

WEEKDAYS = [
    ('0', "Monday"),
    ('1', "Tuesday"),
    ('2', "Wednesday"),
    ('3', "Thursday"),
    ('4', "Friday"),
    ('5', "Saturday"),
    ('6', "Sunday"),
    ]


class Store(metaclass=PoolMeta):
    __name__ = 'salon.store'

    opening_hours = fields.One2Many(
        'salon.store.opening', 'store', "Opening Hours",
        help="Leave empty to bound the bookings by the shifts only.")
    closed_days = fields.One2Many(
        'salon.store.closed_day', 'store', "Closed Days")
    rooms = fields.One2Many('salon.room', 'store', "Rooms")
    booking_step = fields.Integer(
        "Booking Step", required=True,
        help="In minutes, the interval between two proposed start times.")
    late_cancel_hours = fields.Integer(
        "Late Cancellation", required=True,
        help="In hours before the start, from when a cancellation is late.")

    @classmethod
    def default_booking_step(cls):
        return 15

    @classmethod
    def default_late_cancel_hours(cls):
        return 24

    @classmethod
    def validate_fields(cls, stores, field_names):
        super().validate_fields(stores, field_names)
        if field_names & {'booking_step'}:
            for store in stores:
                if store.booking_step <= 0:
                    raise ScheduleValidationError(gettext(
                            'salon_booking.msg_store_booking_step',
                            store=store.rec_name))


class Opening(ModelSQL, ModelView):
    __name__ = 'salon.store.opening'

    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE')
    weekday = fields.Selection(WEEKDAYS, "Weekday", required=True)
    open_time = fields.Time("Opens", required=True)
    close_time = fields.Time("Closes", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('store', 'ASC'), ('weekday', 'ASC'), ('open_time', 'ASC'),
            ('id', 'ASC')]
        cls.__access__.add('store')

    @classmethod
    def validate_fields(cls, openings, field_names):
        super().validate_fields(openings, field_names)
        for opening in openings:
            if opening.close_time <= opening.open_time:
                raise ScheduleValidationError(gettext(
                        'salon_booking.msg_opening_times',
                        store=opening.store.rec_name,
                        weekday=opening.weekday_string))


class ClosedDay(ModelSQL, ModelView):
    __name__ = 'salon.store.closed_day'

    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    reason = fields.Char("Reason", translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('store_date_unique', Unique(t, t.store, t.date),
                'salon_booking.msg_closed_day_unique'),
            ]
        cls._order.insert(0, ('date', 'ASC'))
        cls.__access__.add('store')


class Room(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'salon.room'

    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True, translate=True)
    type = fields.Selection(ROOM_TYPES, "Type", required=True)
    capacity = fields.Integer(
        "Capacity", required=True,
        help="The clients the room seats; a booking takes the whole room: "
        "create one room per chair that is booked separately.")
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))
        cls.__access__.add('store')

    @classmethod
    def default_type(cls):
        return 'chair'

    @classmethod
    def default_capacity(cls):
        return 1

    @fields.depends('store', '_parent_store.company')
    def on_change_with_company(self, name=None):
        return self.store.company if self.store else None

    @classmethod
    def search_company(cls, name, clause):
        return [('store.company',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return '%s (%s)' % (self.name, self.store.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('name',) + tuple(clause[1:])]
