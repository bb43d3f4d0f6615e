# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import json
import unittest

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import ModuleDatabaseMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction, inactive_records

from ..exceptions import ExportAccessError


class SalonCrmPrivacyTestCase(ModuleDatabaseMixin, unittest.TestCase):
    "Test the privacy of the salon client file"
    module = 'salon_crm'

    def _setup_clients(self):
        pool = Pool()
        Store = pool.get('salon.store')
        Party = pool.get('party.party')
        Category = pool.get('party.category')
        Consultation = pool.get('salon.consultation')
        Followup = pool.get('salon.followup')
        Attachment = pool.get('ir.attachment')

        company = create_company()
        store, = Store.create([{
                    'name': "West Lake", 'code': 'XH',
                    'company': company.id,
                    'timezone': 'Asia/Shanghai',
                    }])
        vip, = Category.create([{'name': "VIP"}])
        referrer, = Party.create([{'name': "Referrer"}])

        def client(name):
            return {
                'name': name,
                'salon_client': True,
                'salon_home_store': store.id,
                'salon_birthday': dt.date(1990, 11, 15),
                'salon_gender': 'female',
                'salon_skin_type': 'sensitive',
                'salon_allergies': "Latex",
                'salon_preferences': "Quiet room",
                'salon_referrer': referrer.id,
                'salon_marketing_consent': True,
                'salon_source': 'wechat',
                'categories': [('add', [vip.id])],
                'contact_mechanisms': [('create', [{
                                'type': 'email',
                                'value': '%s@example.com' % name.lower(),
                                }])],
                'addresses': [('create', [{
                                'street': "1 Lake Road",
                                'city': "Hangzhou",
                                }])],
                }
        old, recent = Party.create([client("Old"), client("Recent")])
        consultations = Consultation.create([{
                    'client': c.id,
                    'store': store.id,
                    'date': dt.date(2020, 1, 1),
                    'skin_type': 'dry',
                    'skin_condition': "Redness",
                    'notes': "Nervous",
                    'advice': "Moisturise",
                    } for c in [old, recent]])
        Followup.create([{
                    'client': c.id,
                    'store': store.id,
                    'planned': dt.datetime(2020, 1, 2),
                    'feedback': "Too short",
                    } for c in [old, recent]])
        Attachment.create([{
                    'name': 'photo.jpg',
                    'resource': str(c),
                    'data': b'jpg',
                    } for c in consultations] + [{
                    'name': 'consent.pdf',
                    'resource': str(p),
                    'data': b'pdf',
                    } for p in [old, recent]])
        return company, old, recent

    def _assert_wiped(self, party):
        pool = Pool()
        Consultation = pool.get('salon.consultation')
        Followup = pool.get('salon.followup')
        Attachment = pool.get('ir.attachment')
        for name in [
                'salon_birthday', 'salon_gender', 'salon_skin_type',
                'salon_allergies', 'salon_preferences', 'salon_referrer',
                'salon_stylist', 'salon_source']:
            self.assertIsNone(getattr(party, name), name)
        self.assertFalse(party.salon_marketing_consent)
        consultation, = Consultation.search([('client', '=', party.id)])
        for name in ['skin_type', 'skin_condition', 'notes', 'advice']:
            self.assertIsNone(getattr(consultation, name), name)
        followup, = Followup.search([('client', '=', party.id)])
        self.assertIsNone(followup.feedback)
        self.assertFalse(Attachment.search([
                    ('resource', 'in', [str(party), str(consultation)]),
                    ]))

    @with_transaction()
    def test_privacy_retention_off(self):
        "Retention does nothing when retention years is empty"
        pool = Pool()
        Party = pool.get('party.party')
        company, old, recent = self._setup_clients()
        Party.write([old], {'salon_last_visit': dt.date(2000, 1, 1)})

        with set_company(company):
            self.assertEqual(Party.salon_apply_retention(), [])

        old = Party(old.id)
        self.assertEqual(old.name, "Old")
        self.assertEqual(old.salon_allergies, "Latex")
        self.assertEqual(len(old.contact_mechanisms), 1)

    @with_transaction()
    def test_privacy_retention(self):
        "Retention anonymises only the clients past the retention period"
        pool = Pool()
        Party = pool.get('party.party')
        Configuration = pool.get('salon.configuration')
        Date = pool.get('ir.date')
        Address = pool.get('party.address')
        ContactMechanism = pool.get('party.contact_mechanism')
        company, old, recent = self._setup_clients()
        never, = Party.create([{
                    'name': "Never",
                    'salon_client': True,
                    'salon_home_store': old.salon_home_store.id,
                    'salon_allergies': "Nuts",
                    }])
        today = Date.today()
        Party.write([old], {
                'salon_last_visit': today - dt.timedelta(days=3 * 365),
                }, [recent], {
                'salon_last_visit': today - dt.timedelta(days=30),
                })
        # A client created long ago and never seen since
        party = Party.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*party.update(
                [party.create_date], [dt.datetime(2001, 1, 1)],
                where=party.id == never.id))
        Configuration.write([Configuration(1)], {'retention_years': 2})

        with set_company(company):
            anonymised = Party.salon_apply_retention()

        self.assertEqual(
            sorted(p.id for p in anonymised), sorted([old.id, never.id]))
        old, never, recent = Party.browse([old.id, never.id, recent.id])
        self.assertEqual(old.name, "Anonymised client %s" % old.id)
        self.assertEqual(never.name, "Anonymised client %s" % never.id)
        self.assertIsNone(never.salon_allergies)
        self.assertTrue(old.salon_client)
        self.assertTrue(old.salon_anonymised)
        self.assertEqual(old.contact_mechanisms, ())
        self.assertEqual(old.addresses, ())
        # kept for the documents that refer to them, but wiped and inactive
        with inactive_records():
            address, = Address.search([('party', '=', old.id)])
            mechanism, = ContactMechanism.search([('party', '=', old.id)])
        self.assertFalse(address.active)
        self.assertEqual(
            (address.street, address.city, address.postal_code),
            (None, None, None))
        self.assertFalse(mechanism.active)
        self.assertEqual(mechanism.value, '****')
        self.assertEqual(old.categories, ())
        self._assert_wiped(old)

        self.assertEqual(recent.name, "Recent")
        self.assertEqual(recent.salon_allergies, "Latex")
        self.assertEqual(recent.salon_birthday, dt.date(1990, 11, 15))
        self.assertEqual(len(recent.contact_mechanisms), 1)
        self.assertEqual(len(recent.addresses), 1)
        self.assertEqual(len(recent.categories), 1)
        self.assertFalse(recent.salon_anonymised)

        # The next run has nothing left to do
        with set_company(company):
            self.assertEqual(Party.salon_apply_retention(), [])

    @with_transaction()
    def test_privacy_erase(self):
        "Erase wipes the salon data of the client only"
        pool = Pool()
        Party = pool.get('party.party')
        Consultation = pool.get('salon.consultation')
        Erase = pool.get('party.erase', type='wizard')
        company, old, recent = self._setup_clients()
        Party.write([old], {'active': False})

        session_id, _, _ = Erase.create()
        erase = Erase(session_id)
        erase.ask.party = old
        with set_company(company):
            erase.transition_erase()
        # The wizard writes in SQL: an RPC call would start a new
        # transaction with empty caches.
        Transaction().cache.clear()

        old, recent = Party.browse([old.id, recent.id])
        self.assertIsNone(old.name)
        self._assert_wiped(old)
        self.assertEqual(recent.salon_allergies, "Latex")
        consultation, = Consultation.search([('client', '=', recent.id)])
        self.assertEqual(consultation.notes, "Nervous")

    @with_transaction()
    def test_privacy_personal_data(self):
        "The personal data export is a JSON document of the client"
        pool = Pool()
        PersonalData = pool.get(
            'salon.client.personal_data', type='wizard')
        ExportLog = pool.get('salon.client.export')
        company, old, recent = self._setup_clients()

        with set_company(company), Transaction().set_context(
                active_model='party.party', active_id=old.id,
                active_ids=[old.id]):
            session_id, _, _ = PersonalData.create()
            wizard = PersonalData(session_id)
            self.assertEqual(wizard.transition_export(), 'result')
            result = wizard.default_result([])

        self.assertEqual(result['filename'], 'personal-data-%s.json' % (
                old.code))
        data = json.loads(bytes(result['file']).decode('utf-8'))
        self.assertEqual(data['format'], 'salon_crm.personal_data/1')
        self.assertEqual(data['client']['name'], "Old")
        self.assertEqual(data['client']['salon_birthday'], '1990-11-15')
        self.assertEqual(data['client']['salon_allergies'], "Latex")
        self.assertEqual(data['client']['salon_referrer'], "Referrer")
        self.assertEqual(
            data['contact_mechanisms'][0]['value'], 'old@example.com')
        self.assertEqual(data['addresses'][0]['city'], "Hangzhou")
        self.assertEqual(data['categories'], ["VIP"])
        consultation, = data['consultations']
        self.assertEqual(consultation['date'], '2020-01-01')
        self.assertEqual(consultation['skin_condition'], "Redness")
        self.assertEqual(consultation['attachments'], ['photo.jpg'])
        followup, = data['followups']
        self.assertEqual(followup['feedback'], "Too short")
        self.assertEqual(followup['planned'], '2020-01-02T00:00:00')
        self.assertEqual(data['pos_sales'], [])
        self.assertEqual(
            sorted(a['name'] for a in data['attachments']),
            ['consent.pdf', 'photo.jpg'])
        self.assertNotIn("Recent", json.dumps(data))
        self.assertEqual(len(ExportLog.search([])), 1)

    @with_transaction()
    def test_privacy_personal_data_access(self):
        "Only HQ and store managers may export personal data"
        pool = Pool()
        PersonalData = pool.get(
            'salon.client.personal_data', type='wizard')
        ActionWizard = pool.get('ir.action.wizard')
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        company, old, recent = self._setup_clients()

        self.assertEqual(
            ActionWizard.get_groups('salon.client.personal_data'),
            {ModelData.get_id('salon_crm', 'group_salon_hq'),
                ModelData.get_id('salon_crm', 'group_salon_manager')})

        reception, manager = User.create([{
                    'login': 'reception',
                    'groups': [('add', [ModelData.get_id(
                                    'salon_crm', 'group_salon_reception')])],
                    }, {
                    'login': 'manager',
                    'groups': [('add', [ModelData.get_id(
                                    'salon_crm', 'group_salon_manager')])],
                    }])
        transaction = Transaction()
        with transaction.set_user(reception.id), \
                transaction.set_context(_check_access=True):
            with self.assertRaises(ExportAccessError):
                PersonalData.check_access_personal_data(old)
        with transaction.set_user(manager.id), \
                transaction.set_context(_check_access=True):
            PersonalData.check_access_personal_data(old)


