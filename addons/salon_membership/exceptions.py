# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class PointsValidationError(ValidationError):
    pass


class PointsAccessError(AccessError):
    pass


class RedeemError(ValidationError):
    pass


# ---------------------------------------------------------- stored value
class CardValidationError(ValidationError):
    pass


class CardUsageError(UserError):
    pass


class CardBalanceError(UserError):
    pass


class CardLineAccessError(AccessError):
    pass


class CardAccountError(UserError):
    pass


# ------------------------------------------------------- one-time codes
class OTPError(UserError):
    pass


# ------------------------------------------------------ coupons at the POS
class CouponError(UserError):
    pass


# --------------------------------------------------- treatment packages
class PackageValidationError(ValidationError):
    pass


class PackageSaleError(UserError):
    pass


class PackageConsumeError(UserError):
    pass


class PackageAccountError(UserError):
    pass


class PackageStateError(UserError):
    pass


class LookupCardCompanyError(UserError):
    pass
