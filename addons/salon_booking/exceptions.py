# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class BookingError(UserError):
    "Base of the errors raised while booking"


class UnknownStoreError(BookingError):
    pass


class UnknownServiceError(BookingError):
    pass


class PastStartError(BookingError):
    pass


class NoAvailabilityError(BookingError):
    pass


class ConflictError(BookingError):
    "An employee or a room is already booked"


class ScheduleValidationError(ValidationError):
    "Dates, shifts and opening hours"


class ResourceValidationError(ValidationError):
    "Skills and room types"


class CheckoutError(UserError):
    pass


class CancelVisitError(UserError):
    pass


class AppointmentAccessError(AccessError):
    pass


# waitlist, recurrence, roster swaps and deposits
class WaitlistError(ValidationError):
    pass


class RepeatError(UserError):
    pass


class RosterError(ValidationError):
    pass


class ShiftSwapError(UserError):
    pass


class DepositError(UserError):
    pass
