# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The public booking page over HTTP: werkzeug's test client against
trytond's WSGI application on a test database (SQLite and PostgreSQL)."""
import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from trytond import config
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.salon_crm.tests.database import use_language
from trytond.pool import Pool
from trytond.tests.test_tryton import RouteTestCase
from trytond.transaction import Transaction

TZ = ZoneInfo('Asia/Shanghai')
PHONE = '+8613800138000'


def local_day(days):
    return (dt.datetime.now(TZ) + dt.timedelta(days=days)).date()


def utc(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute)).replace(
        tzinfo=TZ).astimezone(dt.timezone.utc).replace(tzinfo=None)


class OnlineBookingTestCase(RouteTestCase):
    "Test the online booking page of salon_booking"
    module = 'salon_booking'

    @classmethod
    def setUpDatabase(cls):
        pool = Pool()
        # a Chinese database, made from the cached one of the module
        use_language('zh_CN')
        Store = pool.get('salon.store')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Shift = pool.get('salon.shift')
        Template = pool.get('product.template')
        ModelData = pool.get('ir.model.data')
        company = create_company()
        with set_company(company):
            store, hidden = Store.create([{
                        'name': "Downtown", 'code': 'DT',
                        'company': company.id, 'timezone': 'Asia/Shanghai',
                        'online_booking': True,
                        }, {
                        'name': "Back Office", 'code': 'BO',
                        'company': company.id, 'timezone': 'Asia/Shanghai',
                        }])
            employees = []
            for name in ["Wang Lei", "Li Na"]:
                party = Party(name=name)
                party.save()
                employee = Employee(
                    party=party, company=company, salon_store=store,
                    salon_role='stylist')
                employee.save()
                employees.append(employee)
            unit = ModelData.get_id('product', 'uom_unit')
            cut, colour = Template.create([{
                        'name': "Cut", 'type': 'service',
                        'default_uom': unit, 'list_price': Decimal(100),
                        'salon_service': True, 'salon_duration': 60,
                        'salon_online': True,
                        'products': [('create', [{}])],
                        }, {
                        'name': "Secret Colour", 'type': 'service',
                        'default_uom': unit, 'list_price': Decimal(300),
                        'salon_service': True, 'salon_duration': 60,
                        'products': [('create', [{}])],
                        }])
            Party.create([{
                        'name': "Guo Xiaoyan", 'salon_client': True,
                        'salon_home_store': store.id,
                        'salon_allergies': "Ammonia",
                        'contact_mechanisms': [('create', [{
                                        'type': 'mobile', 'value': PHONE,
                                        }])],
                        }])
            shifts = []
            for days in range(1, 15):
                day = local_day(days)
                for employee in employees:
                    shifts.append({
                            'employee': employee.id, 'store': store.id,
                            'start': utc(day, 9), 'end': utc(day, 18),
                            })
            Shift.create(shifts)

    def setUp(self):
        super().setUp()
        self.clear_requests()
        self.addCleanup(self.clear_requests)
        with Transaction().start(self.db_name, 0, readonly=True):
            pool = Pool()
            Store = pool.get('salon.store')
            Product = pool.get('product.product')
            Employee = pool.get('company.employee')
            self.store, = Store.search([('code', '=', 'DT')])
            self.store = self.store.id
            self.hidden_store, = [
                s.id for s in Store.search([('code', '=', 'BO')])]
            self.cut, = [p.id for p in Product.search(
                        [('template.name', '=', "Cut")])]
            self.colour, = [p.id for p in Product.search(
                        [('template.name', '=', "Secret Colour")])]
            self.wang, = [e.id for e in Employee.search(
                        [('party.name', '=', "Wang Lei")])]

    def clear_requests(self):
        "Forget the requests the rate limit counted"
        with Transaction().start(self.db_name, 0):
            Request = Pool().get('salon.online.request')
            Request.delete(Request.search([]))

    def set_config(self, option, value):
        section = 'salon_booking'
        if not config.has_section(section):
            config.add_section(section)
        old = config.get(section, option)
        config.set(section, option, str(value))

        def restore():
            if old is None:
                config._config.remove_option(section, option)
                config._cache_clear()
            else:
                config.set(section, option, old)
        self.addCleanup(restore)

    def url(self, path=''):
        return '/%s/salon/book%s' % (self.db_name, path)

    def get(self, path, lang='en', **params):
        params.setdefault('lang', lang)
        return self.client().get(self.url(path), query_string=params)

    def post(self, data, lang='en', remote='127.0.0.1'):
        return self.client().post(
            self.url('/appointments'), data=json.dumps(data),
            content_type='application/json',
            headers=[('Accept-Language', lang)],
            environ_overrides={'REMOTE_ADDR': remote})

    def booking(self, day, hour, **values):
        data = {
            'store': self.store, 'service': self.cut,
            'stylist': self.wang, 'start': utc(day, hour).isoformat(),
            'name': "Zhou Min", 'phone': '139 1234 5678',
            }
        data.update(values)
        return data

    def assertError(self, response, status, text):
        self.assertEqual(response.status_code, status, response.data)
        self.assertEqual(response.mimetype, 'application/json')
        error = response.get_json()['error']
        self.assertIn(text, error)
        self.assertNotIn('Traceback', error)
        return error

    def assertNoClientData(self, text):
        for data in ["Guo", "Xiaoyan", "13800138000", "Ammonia"]:
            self.assertNotIn(data, text)

    def test_page(self):
        "The page is served in the language of the browser or the switch"
        response = self.client().get(
            self.url(), headers=[('Accept-Language', 'zh-CN,zh;q=0.9')])
        self.assertEqual(response.status_code, 200)
        page = response.get_data(as_text=True)
        self.assertIn('<html lang="zh-CN">', page)
        self.assertIn('在线预约', page)
        self.assertIn('book/static/book.js', page)

        response = self.get('', lang='en')
        page = response.get_data(as_text=True)
        self.assertIn('<html lang="en">', page)
        self.assertIn("Book an appointment", page)
        self.assertNoClientData(page)

        for name in ['book.js', 'book.css']:
            response = self.client().get(self.url('/static/' + name))
            self.assertEqual(response.status_code, 200)
        response = self.client().get(self.url('/static/online.py'))
        self.assertEqual(response.status_code, 404)

    def test_catalog(self):
        "Only the online stores and services, staff names, no client data"
        response = self.get('/stores')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.get_json(), [{
                    'id': self.store, 'name': "Downtown",
                    'timezone': 'Asia/Shanghai',
                    'first': local_day(0).isoformat(),
                    'last': local_day(60).isoformat()}])

        services = self.get('/services', store=self.store).get_json()
        self.assertEqual(
            [(s['id'], s['name'], s['minutes']) for s in services],
            [(self.cut, "Cut", 60)])

        stylists = self.get(
            '/stylists', store=self.store, service=self.cut).get_json()
        self.assertEqual(
            sorted(s['name'] for s in stylists), ["Li Na", "Wang Lei"])

        for path, params in [
                ('/stores', {}),
                ('/services', {'store': self.store}),
                ('/stylists', {'store': self.store, 'service': self.cut}),
                ]:
            self.assertNoClientData(
                self.get(path, **params).get_data(as_text=True))

        self.assertError(
            self.get('/services', store=self.hidden_store), 404,
            "This store does not take online bookings")
        self.assertError(
            self.get('/stylists', store=self.store, service=self.colour),
            404, "This service cannot be booked online")
        self.assertError(
            self.get('/services', store='x'), 400,
            "This store does not take online bookings")

    def test_slots(self):
        "The free times of a store-local day"
        day = local_day(3)
        response = self.get(
            '/slots', store=self.store, service=self.cut, day=day,
            stylist=self.wang)
        self.assertEqual(response.status_code, 200)
        slots = response.get_json()
        self.assertEqual(slots[0], {
                'start': utc(day, 9).isoformat(), 'time': '09:00'})
        self.assertEqual(slots[-1]['time'], '17:00')

        self.assertError(
            self.get('/slots', store=self.store, service=self.cut,
                day=local_day(-1)), 400, "Choose a day from")
        self.assertError(
            self.get('/slots', store=self.store, service=self.cut,
                day='tomorrow'), 400, "Choose a day from")
        error = self.assertError(
            self.get('/slots', lang='zh_CN', store=self.store,
                service=self.cut, day='tomorrow'), 400, "")
        self.assertNotIn("Choose", error)

    def test_book_new_client(self):
        "A new phone creates an online client and a confirmed appointment"
        day = local_day(4)
        response = self.post(self.booking(day, 10))
        self.assertEqual(response.status_code, 201, response.data)
        result = response.get_json()
        self.assertEqual(result['start'], '%s 10:00' % day.isoformat())
        self.assertEqual(result['timezone'], 'Asia/Shanghai')
        self.assertEqual(result['stylist'], "Wang Lei")
        self.assertEqual(result['store'], "Downtown")

        with Transaction().start(self.db_name, 0, readonly=True):
            Appointment = Pool().get('salon.appointment')
            appointment, = Appointment.search(
                [('number', '=', result['number'])])
            self.assertEqual(appointment.state, 'confirmed')
            self.assertEqual(appointment.source, 'online')
            self.assertEqual(appointment.start, utc(day, 10))
            client = appointment.client
            self.assertEqual(client.name, "Zhou Min")
            self.assertEqual(client.salon_source, 'online')
            self.assertTrue(client.salon_client)
            self.assertEqual(client.salon_home_store.id, self.store)
            self.assertEqual(
                [m.value_compact for m in client.contact_mechanisms],
                ['+8613912345678'])

        # the slot is no more offered
        slots = self.get('/slots', store=self.store, service=self.cut,
            day=day, stylist=self.wang).get_json()
        self.assertNotIn('10:00', [s['time'] for s in slots])

    def test_book_existing_client(self):
        "The client is found by the normalised phone and never shown"
        day = local_day(5)
        response = self.post(self.booking(
                day, 11, stylist='any', name="Someone Else",
                phone='138-0013-8000'), lang='zh-CN')
        self.assertEqual(response.status_code, 201, response.data)
        self.assertNoClientData(response.get_data(as_text=True))
        number = response.get_json()['number']
        with Transaction().start(self.db_name, 0, readonly=True):
            Appointment = Pool().get('salon.appointment')
            appointment, = Appointment.search([('number', '=', number)])
            self.assertEqual(appointment.client.name, "Guo Xiaoyan")

    def test_past_start(self):
        "A start in the past is refused"
        day = local_day(0)
        past = dt.datetime.now(dt.timezone.utc).replace(
            tzinfo=None, second=0, microsecond=0) - dt.timedelta(hours=1)
        data = self.booking(day, 9, start=past.isoformat())
        self.assertError(
            self.post(data), 400, "is already past. Choose a later time.")
        error = self.assertError(self.post(data, lang='zh-CN'), 400, "")
        self.assertNotIn("past", error)

    def test_vanished_slot(self):
        "A slot taken meanwhile is refused with 409"
        day = local_day(6)
        self.assertEqual(self.post(self.booking(day, 14)).status_code, 201)
        self.assertError(
            self.post(self.booking(day, 14, phone='13700001111')), 409,
            "%s 14:00 is no longer free" % day.isoformat())
        # a time never offered (between the steps) is refused too
        self.assertError(
            self.post(self.booking(day, 15, start=utc(
                        day, 15, 7).isoformat())), 409,
            "is no longer free")

    def test_bad_input(self):
        "Unknown store or service, bad phone or name: 4xx with a message"
        self.set_config('online_bookings_per_ip', 100)
        day = local_day(7)
        cases = [
            ({'phone': '12345'}, 400, "The phone number is not valid"),
            ({'phone': None}, 400, "The phone number is not valid"),
            ({'name': '  '}, 400, "Enter your name"),
            ({'name': 'x' * 101}, 400, "Enter your name"),
            ({'store': self.hidden_store}, 404,
                "This store does not take online bookings"),
            ({'store': 99999}, 404,
                "This store does not take online bookings"),
            ({'service': self.colour}, 404,
                "This service cannot be booked online"),
            ({'stylist': 99999}, 404, "This stylist cannot be booked"),
            ({'start': 'soon'}, 400, "Choose a time from the list"),
            ({'start': utc(local_day(90), 10).isoformat()}, 400,
                "Choose a day from"),
            ]
        for values, status, text in cases:
            with self.subTest(values=values):
                self.assertError(
                    self.post(self.booking(day, 10, **values)), status,
                    text)
        response = self.client().post(
            self.url('/appointments'), data='{not json',
            content_type='application/json')
        # without Accept-Language nor lang the page speaks Chinese
        self.assertError(response, 400, "请求无效，请刷新页面后重试。")
        response = self.client().post(
            self.url('/appointments'), data={'name': 'x', 'lang': 'en'},
            headers=[('Accept-Language', 'en-US,en;q=0.8')])
        self.assertError(response, 400, "The request is not valid")

    def test_rate_limit(self):
        "Too many bookings or slot queries from one address: 429"
        self.set_config('online_bookings_per_ip', 2)
        self.set_config('online_queries_per_ip', 3)
        day = local_day(8)
        data = self.booking(day, 10, phone='12345')
        for _ in range(2):
            self.assertEqual(
                self.post(data, remote='10.0.0.1').status_code, 400)
        self.assertError(
            self.post(data, remote='10.0.0.1'), 429,
            "Too many requests from your address")
        error = self.assertError(
            self.post(data, remote='10.0.0.1', lang='zh-CN'), 429, "")
        self.assertNotIn("Too many", error)
        # another address is not limited
        self.assertEqual(
            self.post(data, remote='10.0.0.2').status_code, 400)
        # the count is in the database, shared by every server process:
        # the requests another process counted limit this one too
        with Transaction().start(self.db_name, 0):
            Request = Pool().get('salon.online.request')
            key = Request.key_for('10.0.0.3', 'bookings')
            self.assertNotIn('10.0.0', key)
            self.assertEqual(Request.search_count([]), 3)
            Request.create([{'key': key, 'date': dt.datetime.now(
                                dt.timezone.utc).replace(tzinfo=None)}] * 2)
        self.assertError(
            self.post(data, remote='10.0.0.3'), 429,
            "Too many requests from your address")

        for _ in range(3):
            self.assertEqual(self.get(
                    '/slots', store=self.store, service=self.cut,
                    day=day).status_code, 200)
        self.assertError(
            self.get('/slots', store=self.store, service=self.cut, day=day),
            429, "Too many requests from your address")
