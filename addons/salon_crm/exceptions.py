# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import AccessError, ValidationError


class StoreValidationError(ValidationError):
    pass


class ClientValidationError(ValidationError):
    pass


class FollowupValidationError(ValidationError):
    pass


class ConsultationValidationError(ValidationError):
    pass


class ExportAccessError(AccessError):
    pass


class ImportError_(UserError):
    pass


class AllergyWarning(UserWarning):
    pass


class LookupError_(UserError):
    pass


class LookupAccessError(AccessError):
    pass
