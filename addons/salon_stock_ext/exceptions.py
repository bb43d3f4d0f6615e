# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class ConsumableValidationError(ValidationError):
    pass


class SalePointValidationError(ValidationError):
    pass


class ConsumptionError(UserError):
    pass


class CancelDoneAccessError(AccessError):
    pass


class ReplenishError(UserError):
    pass
