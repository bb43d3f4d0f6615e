# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.transaction import Transaction

from .exceptions import ConsultationValidationError
from .party import SKIN_TYPES


class Consultation(ModelSQL, ModelView):
    "Treatment record of a client's visit"
    __name__ = 'salon.consultation'

    client = fields.Many2One(
        'party.party', "Client", required=True, ondelete='CASCADE',
        domain=[('salon_client', '=', True)],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    store = fields.Many2One(
        'salon.store', "Store", required=True, ondelete='RESTRICT')
    company = fields.Function(fields.Many2One(
            'company.company', "Company"), 'on_change_with_company',
        searcher='search_company')
    employee = fields.Many2One(
        'company.employee', "Employee", ondelete='SET NULL',
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date("Date", required=True)
    services = fields.Many2Many(
        'salon.consultation-product.product', 'consultation', 'product',
        "Services", domain=[('type', '=', 'service')],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    products_used = fields.One2Many(
        'salon.consultation.product_used', 'consultation', "Products Used")
    skin_type = fields.Selection(SKIN_TYPES, "Skin Type")
    skin_condition = fields.Text("Skin Condition")
    notes = fields.Text("Notes")
    advice = fields.Text("Home-Care Advice")
    allergies = fields.Function(
        fields.Text("Allergies"), 'on_change_with_allergies')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.client, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'print_care_report': {},
                })

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_store(cls):
        pool = Pool()
        User = pool.get('res.user')
        stores = User.get_salon_stores()
        if len(stores) == 1:
            return stores[0]

    @classmethod
    def default_employee(cls):
        return Transaction().context.get('employee')

    @fields.depends('store')
    def on_change_with_company(self, name=None):
        return self.store.company if self.store else None

    @classmethod
    def search_company(cls, name, clause):
        return [('store.company',) + tuple(clause[1:])]

    @fields.depends('client')
    def on_change_with_allergies(self, name=None):
        if self.client:
            return self.client.salon_allergies

    @fields.depends('client', 'skin_type')
    def on_change_client(self):
        if self.client and not self.skin_type:
            self.skin_type = self.client.salon_skin_type

    def get_rec_name(self, name):
        return '%s (%s)' % (self.client.rec_name, self.date)

    @classmethod
    @ModelView.button_action('salon_crm.report_care')
    def print_care_report(cls, consultations):
        pass


class ConsultationService(ModelSQL):
    __name__ = 'salon.consultation-product.product'

    consultation = fields.Many2One(
        'salon.consultation', "Consultation", required=True,
        ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='CASCADE')


class ConsultationProduct(ModelSQL, ModelView):
    "Product used during a treatment"
    __name__ = 'salon.consultation.product_used'

    consultation = fields.Many2One(
        'salon.consultation', "Consultation", required=True,
        ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Function(fields.Many2One(
            'company.company', "Company"), 'on_change_with_company')
    quantity = fields.Float("Quantity", digits='unit')
    unit = fields.Many2One(
        'product.uom', "Unit", ondelete='RESTRICT')
    notes = fields.Char("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('consultation')

    @fields.depends('consultation', '_parent_consultation.store')
    def on_change_with_company(self, name=None):
        if self.consultation and self.consultation.store:
            return self.consultation.store.company

    @fields.depends('product', 'unit')
    def on_change_product(self):
        if self.product and not self.unit:
            self.unit = self.product.default_uom

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        for line in lines:
            if line.quantity is not None and line.quantity < 0:
                raise ConsultationValidationError(gettext(
                        'salon_crm.msg_consultation_quantity_negative',
                        product=line.product.rec_name))
            if (line.unit and line.product
                    and line.unit.category != line.product.default_uom
                    .category):
                raise ConsultationValidationError(gettext(
                        'salon_crm.msg_consultation_unit_category',
                        product=line.product.rec_name,
                        unit=line.unit.rec_name))


class CareReport(Report):
    "Care report handed to the client"
    __name__ = 'salon.consultation.care_report'
