# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import copy

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .exceptions import ClientValidationError, ExportAccessError

try:
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat
except ImportError:
    phonenumbers = None

GENDERS = [
    (None, ""),
    ('female', "Female"),
    ('male', "Male"),
    ('other', "Other"),
    ]
SKIN_TYPES = [
    (None, ""),
    ('dry', "Dry"),
    ('oily', "Oily"),
    ('combination', "Combination"),
    ('normal', "Normal"),
    ('sensitive', "Sensitive"),
    ]
SOURCES = [
    (None, ""),
    ('walk_in', "Walk-in"),
    ('referral', "Referral"),
    ('phone', "Phone"),
    ('online', "Online"),
    ('meituan', "Meituan"),
    ('douyin', "Douyin"),
    ('wechat', "WeChat"),
    ('migration', "Migration"),
    ('other', "Other"),
    ]
VALUE_TIERS = [
    (None, ""),
    ('high', "High Value"),
    ('medium', "Medium Value"),
    ('low', "Low Value"),
    ]
LIFECYCLES = [
    ('prospect', "Prospect"),
    ('new', "New"),
    ('active', "Active"),
    ('sleeping', "Sleeping"),
    ('lost', "Lost"),
    ]
# The fields that hold the client's health data: hidden from the
# accountant by field access and wiped by the erase wizard.
HEALTH_FIELDS = ['salon_skin_type', 'salon_allergies', 'salon_preferences']


def phone_region():
    pool = Pool()
    Configuration = pool.get('salon.configuration')
    return Configuration(1).phone_region or 'CN'


def normalize_phone(value, region=None):
    """Return the E.164 form of the phone number or None when invalid.

    Accepts the ways a salon writes numbers: +86 …, 86…, 138-xxxx-xxxx,
    full-width digits and spaces."""
    if not value or not phonenumbers:
        return None
    value = value.strip().translate(_FULL_WIDTH)
    if region is None:
        region = phone_region()
    candidates = [value]
    digits = ''.join(c for c in value if c.isdigit())
    # A national number written with the country code but without "+".
    if not value.startswith('+') and digits:
        code = phonenumbers.country_code_for_region(region)
        if code and digits.startswith(str(code)):
            candidates.append('+' + digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(
                number, PhoneNumberFormat.E164)
    return None


_FULL_WIDTH = {0xFF10 + i: ord('0') + i for i in range(10)}
_FULL_WIDTH.update({0x3000: ord(' '), 0xFF0B: ord('+'), 0xFF0D: ord('-')})


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_client = fields.Boolean(
        "Salon Client",
        help="Check for the clients of the salon chain.")
    salon_birthday = fields.Date("Birthday")
    salon_gender = fields.Selection(GENDERS, "Gender")
    salon_skin_type = fields.Selection(SKIN_TYPES, "Skin Type")
    salon_allergies = fields.Text(
        "Allergies", help="Shown at check-in: products the client must "
        "not get.")
    salon_preferences = fields.Text("Preferences")
    salon_home_store = fields.Many2One(
        'salon.store', "Home Store", ondelete='RESTRICT',
        states={'required': Bool(Eval('salon_client'))})
    salon_stylist = fields.Many2One(
        'company.employee', "Stylist", ondelete='SET NULL',
        help="The employee who owns the client relationship.")
    salon_source = fields.Selection(SOURCES, "Source")
    salon_referrer = fields.Many2One(
        'party.party', "Referred By", ondelete='SET NULL',
        domain=[('id', '!=', Eval('id', -1))])
    salon_marketing_consent = fields.Boolean(
        "Marketing Consent",
        help="The client agreed to receive marketing messages.")
    salon_first_visit = fields.Date("First Visit", readonly=True)
    salon_last_visit = fields.Date("Last Visit", readonly=True)
    salon_visit_count = fields.Integer("Visits", readonly=True)
    salon_total_spent = Monetary(
        "Total Spent", currency='salon_currency', digits='salon_currency',
        readonly=True)
    salon_currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_salon_currency')
    salon_rfm_r = fields.Integer("Recency Score", readonly=True)
    salon_rfm_f = fields.Integer("Frequency Score", readonly=True)
    salon_rfm_m = fields.Integer("Monetary Score", readonly=True)
    salon_value_tier = fields.Selection(
        VALUE_TIERS, "Value Tier", readonly=True)
    salon_lifecycle = fields.Selection(
        LIFECYCLES, "Lifecycle", readonly=True)
    salon_unanswered_contacts = fields.Integer(
        "Unanswered Contacts", readonly=True,
        help="Re-activation contacts without answer since the last visit.")
    salon_consultations = fields.One2Many(
        'salon.consultation', 'client', "Treatment Records", readonly=True)
    salon_pos_sales = fields.One2Many(
        'sale.point.sale', 'salon_client', "POS Sales", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update(
            salon_compute_segments_button={},
            )
        # Exporting clients writes the audit record: the RPC may not run
        # in a read-only transaction (PostgreSQL refuses the insert).
        for name in ['export_data', 'export_data_domain']:
            rpc = copy.copy(cls.__rpc__[name])
            rpc.readonly = False
            cls.__rpc__[name] = rpc

    @classmethod
    def view_attributes(cls):
        client_pages = [
            ('//page[@id="%s"]' % p, 'states', {
                    'invisible': ~Eval('salon_client'),
                    })
            for p in ['salon_profile', 'salon_health', 'salon_history',
                'salon_segments']]
        return super().view_attributes() + client_pages + [
            ('//group[@id="salon_alert"]', 'states', {
                    'invisible': ~Eval('salon_allergies'),
                    }),
            ]

    @classmethod
    def default_salon_client(cls):
        return Transaction().context.get('salon_client', False)

    @classmethod
    def default_salon_marketing_consent(cls):
        return False

    @classmethod
    def default_salon_visit_count(cls):
        return 0

    @classmethod
    def default_salon_lifecycle(cls):
        return 'prospect'

    @classmethod
    def default_salon_home_store(cls):
        pool = Pool()
        User = pool.get('res.user')
        if Transaction().context.get('salon_client'):
            stores = User.get_salon_stores()
            if len(stores) == 1:
                return stores[0]

    def get_salon_currency(self, name):
        pool = Pool()
        Company = pool.get('company.company')
        company_id = Transaction().context.get('company')
        if company_id is not None and company_id >= 0:
            return Company(company_id).currency.id

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        cls.check_salon_birthday(parties, field_names)

    @classmethod
    def check_salon_birthday(cls, parties, field_names=None):
        pool = Pool()
        Date = pool.get('ir.date')
        if field_names and 'salon_birthday' not in field_names:
            return
        today = Date.today()
        for party in parties:
            if party.salon_birthday and party.salon_birthday > today:
                raise ClientValidationError(gettext(
                        'salon_crm.msg_client_birthday_future',
                        client=party.rec_name,
                        birthday=party.salon_birthday))

    @classmethod
    def search_salon_phone(cls, phone):
        "Return the clients whose phone or mobile is phone"
        pool = Pool()
        ContactMechanism = pool.get('party.contact_mechanism')
        number = normalize_phone(phone)
        if not number:
            return []
        mechanisms = ContactMechanism.search([
                ('type', 'in', ['phone', 'mobile']),
                ('value_compact', '=', number),
                ])
        return list({m.party for m in mechanisms})

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, operand, *extra = clause
        # The host matches the typed text inside the stored forms (+86 138
        # 0013 8000 and +8613800138000): 138-0013-8000 or 86 13800138000
        # are found through their E.164 form.
        if (domain and domain[0] == 'OR'
                and operator in {'=', 'like', 'ilike'}
                and isinstance(operand, str)
                and any(c.isdigit() for c in operand)):
            number = normalize_phone(operand.strip('%'))
            if number:
                domain.append(
                    ('contact_mechanisms.value_compact', '=', number))
        return domain

    @classmethod
    @ModelView.button
    def salon_compute_segments_button(cls, parties):
        cls.salon_compute_segments()

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        cls._salon_check_export(records, fields_names)
        return super().export_data(records, fields_names, header=header)

    @classmethod
    def _salon_check_export(cls, records, fields_names):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        ExportLog = pool.get('salon.client.export')
        transaction = Transaction()
        if not transaction.check_access or not transaction.user:
            return
        clients = [r for r in records if r.salon_client]
        if not clients:
            return
        group_id = ModelData.get_id('salon_crm', 'group_salon_client_export')
        if group_id not in User.get_groups():
            raise ExportAccessError(gettext(
                    'salon_crm.msg_client_export_denied'))
        with transaction.set_context(_check_access=False):
            ExportLog.create([{
                        'user': transaction.user,
                        'count': len(clients),
                        'field_names': ', '.join(fields_names)[:1000],
                        }])


class ContactMechanism(metaclass=PoolMeta):
    __name__ = 'party.contact_mechanism'

    @fields.depends('party', '_parent_party.addresses')
    def _phone_country_codes(self):
        yield from super()._phone_country_codes()
        yield phone_region()

    @fields.depends(methods=['_phone_country_codes'])
    def _parse_phonenumber(self, value):
        number = super()._parse_phonenumber(value)
        if number is None and value and phonenumbers:
            normalized = normalize_phone(value)
            if normalized:
                number = phonenumbers.parse(normalized)
        return number


class ClientExport(ModelSQL, ModelView):
    "Audit record of an export of client files"
    __name__ = 'salon.client.export'

    user = fields.Many2One(
        'res.user', "User", required=True, readonly=True,
        ondelete='RESTRICT')
    count = fields.Integer("Clients", required=True, readonly=True)
    field_names = fields.Char("Fields", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('create_date', 'DESC'))
