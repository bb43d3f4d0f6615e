# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    __name__ = 'salon.configuration'

    phone_region = fields.Char(
        "Default Phone Region", size=2, required=True,
        help="The ISO country code used to read phone numbers written "
        "without their international prefix.")
    rfm_scope = fields.Selection([
            ('chain', "Whole Chain"),
            ('store', "Per Home Store"),
            ], "RFM Scope", required=True,
        help="Rank clients against the whole chain or against the clients "
        "of their home store.")
    new_days = fields.Integer(
        "New Client Days", required=True,
        help="A client whose first visit is at most this many days old "
        "is new.")
    active_days = fields.Integer(
        "Active Client Days", required=True,
        help="A client whose last visit is at most this many days old is "
        "active; older visits make the client sleeping.")
    lost_contacts = fields.Integer(
        "Lost After Contacts", required=True,
        help="A sleeping client becomes lost after this many unanswered "
        "re-activation contacts.")
    tier_high_min = fields.Integer(
        "High Value From", required=True,
        help="The minimal sum of the R, F and M scores of a high value "
        "client.")
    tier_medium_min = fields.Integer(
        "Medium Value From", required=True,
        help="The minimal sum of the R, F and M scores of a medium value "
        "client.")
    complaint_sla_hours = fields.Integer(
        "Complaint SLA Hours", required=True,
        help="Hours the store manager has to handle an escalated "
        "follow-up.")
    retention_years = fields.Integer(
        "Retention Years",
        help="Anonymise clients without a visit for this many years.\n"
        "Leave empty to keep client files forever.")

    @classmethod
    def default_phone_region(cls):
        return 'CN'

    @classmethod
    def default_rfm_scope(cls):
        return 'chain'

    @classmethod
    def default_new_days(cls):
        return 15

    @classmethod
    def default_active_days(cls):
        return 365

    @classmethod
    def default_lost_contacts(cls):
        return 3

    @classmethod
    def default_tier_high_min(cls):
        return 12

    @classmethod
    def default_tier_medium_min(cls):
        return 8

    @classmethod
    def default_complaint_sla_hours(cls):
        return 24

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        cls.check_positive(records, field_names)

    @classmethod
    def check_positive(cls, records, field_names=None):
        from trytond.i18n import gettext

        from .exceptions import StoreValidationError
        names = {
            'new_days', 'active_days', 'lost_contacts', 'tier_high_min',
            'tier_medium_min', 'complaint_sla_hours', 'retention_years'}
        if field_names and not (field_names & names):
            return
        for record in records:
            for name in names:
                value = getattr(record, name)
                if value is not None and value <= 0:
                    raise StoreValidationError(gettext(
                            'salon_crm.msg_configuration_positive',
                            field=cls.fields_get([name])[name]['string']))
