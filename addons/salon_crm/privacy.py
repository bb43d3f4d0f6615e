# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Privacy of the client file: erase, personal data export and retention.

The personal data export is a UTF-8 JSON document (format
"salon_crm.personal_data/1") of this structure, dates and instants as ISO
8601 strings, amounts and quantities as decimal strings, links to other
records as their display name::

    {"format": "salon_crm.personal_data/1",
     "generated": "2025-01-31T08:00:00",
     "client": {"id": 1, "code": ..., "name": ..., "lang": ...,
        "salon_birthday": ..., ... every salon_* field of the party},
     "identifiers": [{"type", "code"}],
     "contact_mechanisms": [{"type", "value", "name", "comment"}],
     "addresses": [{"party_name", "street", "postal_code", "city",
        "subdivision", "country", "full_address"}],
     "categories": ["tag", ...],
     "consultations": [{"id", "date", "store", "employee", "services",
        "products_used": [{"product", "quantity", "unit", "notes"}],
        "skin_type", "skin_condition", "notes", "advice",
        "attachments": ["photo.jpg", ...]}],
     "followups": [{"id", "planned", "kind", "channel", "state", "result",
        "rating", "feedback", "done_date", "store", "employee"}],
     "pos_sales": [{"id", "number", "date", "store", "state", "total",
        "lines": [{"date", "number", "product", "quantity", "amount",
            "stylist"}]}],
     "attachments": [{"resource", "name"}]}

Retention anonymises in a few bulk statements per slice of clients, never
one query per client."""
import datetime as dt
import json
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql import Cast, Literal
from sql.operators import Concat

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Model, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, inactive_records
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import ExportAccessError

# The personal fields and the value they get once erased.
CLIENT_WIPE = {
    'salon_birthday': None,
    'salon_gender': None,
    'salon_skin_type': None,
    'salon_allergies': None,
    'salon_preferences': None,
    'salon_referrer': None,
    'salon_marketing_consent': False,
    'salon_stylist': None,
    'salon_source': None,
    }
CONSULTATION_WIPE = {
    'skin_condition': None,
    'notes': None,
    'advice': None,
    'skin_type': None,
    }
FOLLOWUP_WIPE = {
    'feedback': None,
    }
# As party.erase does: addresses and contact mechanisms are wiped and
# deactivated, not deleted, because orders and invoices may refer to them.
ADDRESS_WIPE = dict.fromkeys([
        'party_name', 'attn', 'street_unstructured', 'street_name',
        'building_name', 'building_number', 'unit_number', 'floor_number',
        'room_number', 'post_box', 'private_bag', 'post_office',
        'postal_code', 'city', 'country', 'subdivision'])
CONTACT_WIPE = {
    'type': 'other',
    'value': '****',
    'name': None,
    'comment': None,
    }
EXPORT_GROUPS = ['group_salon_hq', 'group_salon_manager']
FORMAT = 'salon_crm.personal_data/1'


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        pool = Pool()
        Party = pool.get('party.party')
        Consultation = pool.get('salon.consultation')
        Followup = pool.get('salon.followup')
        # The resource flag deletes the attachments (photos), notes and
        # avatars of the consultations and follow-ups.
        return super().to_erase(party_id) + [
            (Party, [('id', '=', party_id)], False,
                list(CLIENT_WIPE), list(CLIENT_WIPE.values())),
            (Consultation, [('client', '=', party_id)], True,
                list(CONSULTATION_WIPE), list(CONSULTATION_WIPE.values())),
            (Followup, [('client', '=', party_id)], True,
                list(FOLLOWUP_WIPE), list(FOLLOWUP_WIPE.values())),
            ]


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    salon_anonymised = fields.Boolean(
        "Anonymised", readonly=True,
        help="The client file was anonymised after the retention period.")

    @classmethod
    def default_salon_anonymised(cls):
        return False

    @classmethod
    def salon_apply_retention(cls, today=None):
        "Anonymise the clients without a visit within the retention period"
        pool = Pool()
        Configuration = pool.get('salon.configuration')
        Date = pool.get('ir.date')
        years = Configuration(1).retention_years
        if not years:
            return []
        if today is None:
            today = Date.today()
        limit = today - relativedelta(years=years)
        with inactive_records():
            clients = cls.search([
                    ('salon_client', '=', True),
                    ('salon_anonymised', '=', False),
                    ['OR',
                        ('salon_last_visit', '<', limit),
                        [
                            ('salon_last_visit', '=', None),
                            ('create_date', '<', dt.datetime.combine(
                                    limit, dt.time())),
                            ],
                        ],
                    ])
        cls.salon_anonymise(clients)
        return clients

    @classmethod
    def salon_anonymise(cls, parties):
        "Wipe the personal data of the parties but keep their records"
        pool = Pool()
        Consultation = pool.get('salon.consultation')
        Followup = pool.get('salon.followup')
        Address = pool.get('party.address')
        ContactMechanism = pool.get('party.contact_mechanism')
        Identifier = pool.get('party.identifier')
        PartyCategory = pool.get('party.party-party.category')
        Erase = pool.get('party.erase', type='wizard')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        if not parties:
            return
        in_max = backend.MAX_QUERY_PARAMS // 2
        party = cls.__table__()
        consultation = Consultation.__table__()
        followup = Followup.__table__()
        identifier = Identifier.__table__()
        address = Address.__table__()
        mechanism = ContactMechanism.__table__()
        prefix, suffix = gettext(
            'salon_crm.msg_client_anonymised_name', id='\0').split('\0')
        varchar = cls.name.sql_type().base
        now = dt.datetime.now()
        user = transaction.user

        def wipe(table, spec):
            columns = [getattr(table, c) for c in spec]
            columns += [table.write_date, table.write_uid]
            return columns, list(spec.values()) + [now, user]

        with inactive_records():
            for sub_ids in grouped_slice(list(map(int, parties)), in_max):
                sub_ids = list(sub_ids)
                consultation_ids = [c.id for c in Consultation.search([
                            ('client', 'in', sub_ids),
                            ])]
                followup_ids = [f.id for f in Followup.search([
                            ('client', 'in', sub_ids),
                            ])]

                columns, values = wipe(party, CLIENT_WIPE)
                name = Concat(Concat(
                        Cast(Literal(prefix), varchar),
                        Cast(party.id, varchar)),
                    Cast(Literal(suffix), varchar))
                cursor.execute(*party.update(
                        columns + [party.name, party.salon_anonymised],
                        values + [name, Literal(True)],
                        where=party.id.in_(sub_ids)))
                columns, values = wipe(consultation, CONSULTATION_WIPE)
                cursor.execute(*consultation.update(columns, values,
                        where=consultation.client.in_(sub_ids)))
                columns, values = wipe(followup, FOLLOWUP_WIPE)
                cursor.execute(*followup.update(columns, values,
                        where=followup.client.in_(sub_ids)))
                cursor.execute(*identifier.update(
                        [identifier.type, identifier.code],
                        [None, '****'],
                        where=identifier.party.in_(sub_ids)))

                for table, spec in [
                        (address, ADDRESS_WIPE),
                        (mechanism, CONTACT_WIPE)]:
                    columns, values = wipe(table, spec)
                    cursor.execute(*table.update(
                            columns + [table.active], values + [False],
                            where=table.party.in_(sub_ids)))
                PartyCategory.delete(PartyCategory.search([
                            ('party', 'in', sub_ids),
                            ]))

                resources = (
                    ['party.party,%s' % i for i in sub_ids]
                    + ['salon.consultation,%s' % i for i in consultation_ids]
                    + ['salon.followup,%s' % i for i in followup_ids])
                for Resource in Erase.get_resources():
                    for sub_resources in grouped_slice(resources, in_max):
                        Resource.delete(Resource.search([
                                    ('resource', 'in', list(sub_resources)),
                                    ]))
        # Stored values were changed behind the ORM
        cls._salon_clear_cache()
        for Model_ in [
                Consultation, Followup, Identifier, Address,
                ContactMechanism]:
            for cache in transaction.cache.values():
                if Model_.__name__ in cache:
                    cache[Model_.__name__].clear()


class PersonalDataResult(ModelView):
    "Personal data of a client"
    __name__ = 'salon.client.personal_data.result'

    client = fields.Many2One('party.party', "Client", readonly=True)
    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)


class PersonalData(Wizard):
    "Export all the personal data of a client"
    __name__ = 'salon.client.personal_data'
    start_state = 'export'
    export = StateTransition()
    result = StateView('salon.client.personal_data.result',
        'salon_crm.client_personal_data_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        pool = Pool()
        ExportLog = pool.get('salon.client.export')
        transaction = Transaction()
        client = self.record
        self.check_access_personal_data(client)
        with transaction.set_context(_check_access=False):
            data = self.get_personal_data(client)
            if transaction.user:
                ExportLog.create([{
                            'user': transaction.user,
                            'count': 1,
                            'field_names': 'personal_data',
                            }])
        self.result.client = client
        self.result.file = self.dumps(data)
        self.result.filename = 'personal-data-%s.json' % (
            client.code or client.id)
        return 'result'

    def default_result(self, fields):
        file_ = self.result.file
        cast = self.result.__class__.file.cast
        # No need to keep the file in the session
        self.result.file = None
        return {
            'client': self.result.client.id,
            'file': cast(file_) if file_ else None,
            'filename': self.result.filename,
            }

    @classmethod
    def check_access_personal_data(cls, client):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        transaction = Transaction()
        if not transaction.check_access or not transaction.user:
            return
        groups = {ModelData.get_id('salon_crm', g) for g in EXPORT_GROUPS}
        if not groups & set(User.get_groups()):
            raise ExportAccessError(gettext(
                    'salon_crm.msg_personal_data_denied',
                    client=client.rec_name))

    @classmethod
    def dumps(cls, data):
        def default(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, (dt.date, dt.datetime, dt.time)):
                return value.isoformat()
            if isinstance(value, Model):
                return value.rec_name
            raise TypeError(repr(value))
        return json.dumps(
            data, default=default, ensure_ascii=False, indent=2).encode(
            'utf-8')

    @classmethod
    def get_personal_data(cls, client):
        "Return the personal data of the client as a JSON-able dictionary"
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Consultation = pool.get('salon.consultation')
        Followup = pool.get('salon.followup')
        POSSale = pool.get('sale.point.sale')
        with inactive_records():
            consultations = Consultation.search([
                    ('client', '=', client.id),
                    ], order=[('date', 'ASC'), ('id', 'ASC')])
            followups = Followup.search([
                    ('client', '=', client.id),
                    ], order=[('planned', 'ASC'), ('id', 'ASC')])
            sales = POSSale.search([
                    ('salon_client', '=', client.id),
                    ], order=[('date', 'ASC'), ('id', 'ASC')])
            resources = [str(client)] + [str(c) for c in consultations]
            attachments = Attachment.search([
                    ('resource', 'in', resources),
                    ], order=[('id', 'ASC')])
            return {
                'format': FORMAT,
                'generated': dt.datetime.now().replace(microsecond=0),
                'client': cls._client_data(client),
                'identifiers': [{
                        'type': i.type,
                        'code': i.code,
                        } for i in client.identifiers],
                'contact_mechanisms': [{
                        'type': m.type,
                        'value': m.value,
                        'name': m.name,
                        'comment': m.comment,
                        } for m in client.contact_mechanisms],
                'addresses': [
                    cls._address_data(a) for a in client.addresses],
                'categories': [c.rec_name for c in client.categories],
                'consultations': [
                    cls._consultation_data(c, attachments)
                    for c in consultations],
                'followups': [cls._followup_data(f) for f in followups],
                'pos_sales': [cls._sale_data(s) for s in sales],
                'attachments': [{
                        'resource': str(a.resource),
                        'name': a.name,
                        } for a in attachments],
                }

    @classmethod
    def _client_data(cls, client):
        data = {
            'id': client.id,
            'code': client.code,
            'name': client.name,
            'lang': client.lang.code if client.lang else None,
            'create_date': client.create_date,
            }
        for name, field in sorted(client._fields.items()):
            # The records linked to the client have their own sections.
            if (name.startswith('salon_')
                    and field._type not in {'one2many', 'many2many'}
                    and name != 'salon_currency'):
                data[name] = getattr(client, name, None)
        return data

    @classmethod
    def _address_data(cls, address):
        return {
            'party_name': address.party_name,
            'street': address.street,
            'postal_code': address.postal_code,
            'city': address.city,
            'subdivision': address.subdivision,
            'country': address.country,
            'full_address': address.full_address,
            }

    @classmethod
    def _consultation_data(cls, consultation, attachments):
        resource = str(consultation)
        return {
            'id': consultation.id,
            'date': consultation.date,
            'store': consultation.store,
            'employee': consultation.employee,
            'services': [p.rec_name for p in consultation.services],
            'products_used': [{
                    'product': p.product,
                    'quantity': (Decimal(str(p.quantity))
                        if p.quantity is not None else None),
                    'unit': p.unit,
                    'notes': p.notes,
                    } for p in consultation.products_used],
            'skin_type': consultation.skin_type,
            'skin_condition': consultation.skin_condition,
            'notes': consultation.notes,
            'advice': consultation.advice,
            'attachments': [
                a.name for a in attachments if str(a.resource) == resource],
            }

    @classmethod
    def _followup_data(cls, followup):
        return {
            'id': followup.id,
            'planned': followup.planned,
            'kind': followup.kind,
            'channel': followup.channel,
            'state': followup.state,
            'result': followup.result,
            'rating': followup.rating,
            'feedback': followup.feedback,
            'done_date': followup.done_date,
            'store': followup.store,
            'employee': followup.employee,
            }

    @classmethod
    def _sale_data(cls, sale):
        return {
            'id': sale.id,
            'number': sale.number,
            'date': sale.date,
            'store': sale.salon_store,
            'state': sale.state,
            'total': sale.total,
            'lines': [{
                    'date': sale.date,
                    'number': sale.number,
                    'product': line.product,
                    'quantity': Decimal(str(line.quantity)),
                    'amount': line.amount,
                    'stylist': line.salon_stylist,
                    } for line in sale.lines],
            }
