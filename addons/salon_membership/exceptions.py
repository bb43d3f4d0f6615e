# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.model.exceptions import AccessError, ValidationError


class PointsValidationError(ValidationError):
    pass


class PointsAccessError(AccessError):
    pass


class RedeemError(ValidationError):
    pass
