# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The public self-booking page served by trytond: GET /<db>/salon/book
and its JSON endpoints.  The page acts as root in one transaction per
request and answers only with stores, services, stylist names and free
times: never with client data."""
import datetime as dt
import hashlib
import html
import json
import logging
import string
from functools import wraps
from http import HTTPStatus
from urllib.parse import quote

from sql.aggregate import Count
from werkzeug.exceptions import NotFound

from trytond import config
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, fields
from trytond.modules.salon_crm.common import utc_now
from trytond.pool import PoolMeta
from trytond.protocols.wrappers import Response, with_pool, with_transaction
from trytond.pyson import Eval
from trytond.tools import file_open
from trytond.transaction import Transaction
from trytond.wsgi import app

from .common import format_local, to_local
from .exceptions import PastStartError

logger = logging.getLogger(__name__)

LANGUAGES = ['zh_CN', 'en']
STAFF_ROLES = ['stylist', 'therapist']
STATIC = {
    'book.js': 'application/javascript; charset=utf-8',
    'book.css': 'text/css; charset=utf-8',
    }
# The ir.message ids of the page, by the key the page reads them with
PAGE_TEXTS = [
    'title', 'store', 'service', 'stylist', 'any_stylist', 'day', 'time',
    'no_slot', 'name', 'phone', 'submit', 'confirmed', 'number', 'when',
    'minutes', 'loading', 'choose', 'network_error', 'privacy',
    'book_again',
    ]


def _setting(name, default):
    return config.getint('salon_booking', name, default=default)


class Store(metaclass=PoolMeta):
    __name__ = 'salon.store'

    online_booking = fields.Boolean(
        "Online Booking",
        help="Check to show the store on the public booking page.")

    @classmethod
    def default_online_booking(cls):
        return False


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    salon_online = fields.Boolean(
        "Online Booking",
        states={
            'invisible': ~Eval('salon_service'),
            },
        help="Check to offer the service on the public booking page.")

    @classmethod
    def default_salon_online(cls):
        return False


class OnlineRequest(ModelSQL):
    """A request of the public booking page, counted per address in the
    database so that every server process shares the same limit"""
    __name__ = 'salon.online.request'

    key = fields.Char("Key", required=True, strip=False)
    date = fields.Timestamp("Date", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_indexes.update({
                Index(table,
                    (table.key, Index.Equality()),
                    (table.date, Index.Range())),
                Index(table, (table.date, Index.Range())),
                })

    @classmethod
    def key_for(cls, address, kind):
        "The key of the requests of kind from address: no address is kept"
        digest = hashlib.sha256(
            ('%s\0%s' % (Transaction().database.name, address)).encode())
        return '%s:%s' % (kind, digest.hexdigest()[:32])

    @classmethod
    def allow(cls, key, limit, window):
        """Count a request of key unless limit requests of key were counted
        in the last window seconds; return whether it was counted"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        now = utc_now(microsecond=True)
        since = now - dt.timedelta(seconds=window)
        cursor.execute(*table.delete(where=table.date < since))
        cursor.execute(*table.select(Count(table.id),
                where=(table.key == key) & (table.date >= since)))
        count, = cursor.fetchone()
        if count >= limit:
            return False
        cls.create([{'key': key, 'date': now}])
        return True


class OnlineError(Exception):
    "An answer with an HTTP status and a translated message"

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _json(data, status=HTTPStatus.OK):
    response = Response(
        json.dumps(data, ensure_ascii=False), status,
        content_type='application/json; charset=utf-8')
    response.headers['Cache-Control'] = 'no-store'
    return response


def _language(request, data=None):
    lang = request.args.get('lang') or (data or {}).get('lang')
    if lang in LANGUAGES:
        return lang
    for value, _ in request.accept_languages:
        value = value.lower()
        if value.startswith('zh'):
            return 'zh_CN'
        if value.startswith('en'):
            return 'en'
    return LANGUAGES[0]


@with_transaction(readonly=False)
def _limit(request, pool, kind, default):
    """Raise a 429 when the address asked too often; a request is counted
    in its own transaction (writable even for a GET), committed even if the
    request then fails"""
    Request = pool.get('salon.online.request')
    key = Request.key_for(request.remote_addr, kind)
    if not Request.allow(
            key, _setting('online_%s_per_ip' % kind, default),
            _setting('online_window', 600)):
        raise OnlineError(
            HTTPStatus.TOO_MANY_REQUESTS, 'msg_online_too_many')


def _answer(request, pool, function, data=None):
    """Run function in its transaction and turn the errors into translated
    JSON answers, never a traceback"""
    language = _language(request, data)
    try:
        _check_module(pool)
        return _json(function(request, pool, language, data or {}))
    except OnlineError as e:
        message = e.message
        if message.startswith('msg_'):
            message = _gettext(request, pool, language, message)
        return _json({'error': message}, e.status)
    except NotFound:
        raise
    except Exception:
        logger.exception("online booking failed")
        return _json(
            {'error': _gettext(
                    request, pool, language, 'msg_online_error')},
            HTTPStatus.INTERNAL_SERVER_ERROR)


def _check_module(pool):
    try:
        pool.get('salon.store')
    except KeyError:
        raise NotFound()


@with_transaction(readonly=True)
def _gettext(request, pool, language, message):
    with Transaction().set_context(language=language):
        return gettext('salon_booking.' + message)


def _raise(status, message, **values):
    raise OnlineError(status, gettext('salon_booking.' + message, **values))


def _int(value, message):
    try:
        return int(value)
    except (TypeError, ValueError):
        _raise(HTTPStatus.BAD_REQUEST, message)


class Catalog:
    "What the public may see: online stores, services and their staff"

    def __init__(self, pool):
        self.pool = pool

    def stores(self):
        Store = self.pool.get('salon.store')
        return Store.search([('online_booking', '=', True)])

    def store(self, store_id):
        Store = self.pool.get('salon.store')
        stores = Store.search([
                ('id', '=', _int(store_id, 'msg_online_unknown_store')),
                ('online_booking', '=', True),
                ])
        if not stores:
            _raise(HTTPStatus.NOT_FOUND, 'msg_online_unknown_store')
        return stores[0]

    def services(self):
        Product = self.pool.get('product.product')
        return Product.search([
                ('template.salon_service', '=', True),
                ('template.salon_online', '=', True),
                ])

    def service(self, service_id):
        Product = self.pool.get('product.product')
        products = Product.search([
                ('id', '=', _int(service_id, 'msg_online_unknown_service')),
                ('template.salon_service', '=', True),
                ('template.salon_online', '=', True),
                ])
        if not products:
            _raise(HTTPStatus.NOT_FOUND, 'msg_online_unknown_service')
        return products[0]

    def stylists(self, store, service):
        Employee = self.pool.get('company.employee')
        skills = set(service.template.salon_skills)
        return [e for e in Employee.search([
                    ('salon_store', '=', store.id),
                    ('salon_role', 'in', STAFF_ROLES),
                    ('company', '=', store.company.id),
                    ], order=[('party.name', 'ASC'), ('id', 'ASC')])
            if skills <= set(e.salon_skills)]

    def stylist(self, store, service, employee_id):
        if employee_id in {None, '', 'any'}:
            return None
        employee_id = _int(employee_id, 'msg_online_unknown_stylist')
        for employee in self.stylists(store, service):
            if employee.id == employee_id:
                return employee
        _raise(HTTPStatus.NOT_FOUND, 'msg_online_unknown_stylist')


def _in_transaction(readonly):
    "Run the endpoint in its transaction, in the language of the client"
    def decorator(func):
        @with_transaction(readonly=readonly)
        @wraps(func)
        def wrapper(request, pool, language, data):
            with Transaction().set_context(language=language):
                return func(request, pool, language, data)
        return wrapper
    return decorator


def _context(language, store=None):
    context = {'language': language, 'salon_source': 'online'}
    if store:
        context['company'] = store.company.id
    return context


@app.route('/<database_name>/salon/book', methods=['GET'])
@with_pool
def page(request, pool):
    _check_module(pool)
    language = _language(request)
    texts = _page_texts(request, pool, language)
    with file_open('salon_booking/online/book.html', mode='r',
            encoding='utf-8') as file:
        template = string.Template(file.read())
    data = json.dumps(texts, ensure_ascii=False).replace('</', '<\\/')
    values = {k: html.escape(v) for k, v in texts.items()}
    values.update(
        lang=language.replace('_', '-'), language=language, texts=data,
        database=html.escape(quote(pool.database_name)))
    response = Response(
        template.substitute(values), HTTPStatus.OK,
        content_type='text/html; charset=utf-8')
    response.headers['Content-Security-Policy'] = (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; "
        "style-src 'self'; "
        "frame-ancestors 'none'")
    response.headers['X-Content-Type-Options'] = 'nosniff'
    return response


@with_transaction(readonly=True)
def _page_texts(request, pool, language):
    with Transaction().set_context(language=language):
        return {k: gettext('salon_booking.msg_online_%s' % k)
            for k in PAGE_TEXTS}


@app.route('/<database_name>/salon/book/static/<name>', methods=['GET'])
def static(request, database_name, name):
    if name not in STATIC:
        raise NotFound()
    with file_open('salon_booking/online/' + name, mode='rb') as file:
        content = file.read()
    response = Response(content, HTTPStatus.OK, content_type=STATIC[name])
    response.headers['Cache-Control'] = 'public, max-age=3600'
    return response


@app.route('/<database_name>/salon/book/stores', methods=['GET'])
@with_pool
def stores(request, pool):
    return _answer(request, pool, _stores)


@_in_transaction(readonly=True)
def _stores(request, pool, language, data):
    with Transaction().set_context(_context(language)):
        last = dt.timedelta(days=_setting('online_days', 60))
        return [{
                'id': s.id, 'name': s.name, 'timezone': s.timezone,
                'first': _today(s).isoformat(),
                'last': (_today(s) + last).isoformat(),
                } for s in Catalog(pool).stores()]


@app.route('/<database_name>/salon/book/services', methods=['GET'])
@with_pool
def services(request, pool):
    return _answer(request, pool, _services)


@_in_transaction(readonly=True)
def _services(request, pool, language, data):
    catalog = Catalog(pool)
    store = catalog.store(request.args.get('store'))
    with Transaction().set_context(_context(language, store)):
        return [{
                'id': p.id,
                'name': p.rec_name,
                'minutes': p.template.salon_duration,
                } for p in catalog.services()]


@app.route('/<database_name>/salon/book/stylists', methods=['GET'])
@with_pool
def stylists(request, pool):
    return _answer(request, pool, _stylists)


@_in_transaction(readonly=True)
def _stylists(request, pool, language, data):
    catalog = Catalog(pool)
    store = catalog.store(request.args.get('store'))
    service = catalog.service(request.args.get('service'))
    with Transaction().set_context(_context(language, store)):
        return [{'id': e.id, 'name': e.party.name}
            for e in catalog.stylists(store, service)]


@app.route('/<database_name>/salon/book/slots', methods=['GET'])
@with_pool
def slots(request, pool):
    def limited(request, pool, language, data):
        _limit(request, pool, 'queries', 120)
        return _slots(request, pool, language, data)
    return _answer(request, pool, limited)


@_in_transaction(readonly=True)
def _slots(request, pool, language, data):
    Appointment = pool.get('salon.appointment')
    with Transaction().set_context(language=language):
        catalog = Catalog(pool)
        store = catalog.store(request.args.get('store'))
        service = catalog.service(request.args.get('service'))
        employee = catalog.stylist(
            store, service, request.args.get('stylist'))
    with Transaction().set_context(_context(language, store)):
        day = _day(store, request.args.get('day'))
        tzinfo = store.tzinfo
        return [{
                'start': s['start'].isoformat(),
                'time': to_local(s['start'], tzinfo).strftime('%H:%M'),
                } for s in Appointment.find_slots(
                store.id, [service.id], day, day,
                employee.id if employee else None)]


def _today(store):
    now = utc_now(microsecond=True)
    return to_local(now, store.tzinfo).date()


def _day(store, value):
    today = _today(store)
    last = today + dt.timedelta(days=_setting('online_days', 60))
    try:
        day = dt.date.fromisoformat(value or '')
    except ValueError:
        day = None
    if day is None or not (today <= day <= last):
        _raise(HTTPStatus.BAD_REQUEST, 'msg_online_bad_day',
            first=today.isoformat(), last=last.isoformat())
    return day


@app.route('/<database_name>/salon/book/appointments', methods=['POST'])
@with_pool
def book(request, pool):
    data = None
    if request.mimetype == 'application/json':
        try:
            data = json.loads(request.get_data(as_text=True))
        except ValueError:
            pass
    if not isinstance(data, dict):
        return _answer(request, pool, _bad_request)

    def limited(request, pool, language, data):
        _limit(request, pool, 'bookings', 5)
        return _book(request, pool, language, data)
    response = _answer(request, pool, limited, data)
    if response.status_code == HTTPStatus.OK:
        response.status_code = HTTPStatus.CREATED
    return response


def _bad_request(request, pool, language, data):
    raise OnlineError(HTTPStatus.BAD_REQUEST, 'msg_online_bad_request')


@_in_transaction(readonly=False)
def _book(request, pool, language, data):
    Appointment = pool.get('salon.appointment')
    Busy = pool.get('salon.appointment.busy')
    # lock first: a lock taken late makes Tryton retry the transaction
    Busy.guard()
    with Transaction().set_context(language=language):
        catalog = Catalog(pool)
        store = catalog.store(data.get('store'))
        service = catalog.service(data.get('service'))
        employee = catalog.stylist(store, service, data.get('stylist'))
        name, phone = _identity(data)
        start = _start(store, data.get('start'))
    with Transaction().set_context(_context(language, store)):
        local = format_local(start, store.tzinfo)
        offered = Appointment.find_slots(
            store.id, [service.id], start, start,
            employee.id if employee else None)
        if not any(s['start'] == start for s in offered):
            _raise(HTTPStatus.CONFLICT, 'msg_online_slot_gone', start=local)
        client = _client(pool, store, name, phone)
        try:
            appointment = Appointment(Appointment.book(
                    client.id, store.id, [service.id], start,
                    employee.id if employee else None))
        except PastStartError:
            _raise(HTTPStatus.BAD_REQUEST, 'msg_online_past_start',
                start=local)
        except UserError:
            # the slot was taken between the search and the booking
            _raise(HTTPStatus.CONFLICT, 'msg_online_slot_gone', start=local)
        return {
            'number': appointment.number,
            'start': local,
            'timezone': store.timezone,
            'store': store.name,
            'service': service.rec_name,
            'stylist': appointment.employee.party.name
            if appointment.employee else None,
            }


def _identity(data):
    from trytond.modules.salon_crm.party import normalize_phone
    name = data.get('name')
    name = ' '.join(name.split()) if isinstance(name, str) else ''
    if not name or len(name) > 100:
        _raise(HTTPStatus.BAD_REQUEST, 'msg_online_bad_name')
    phone = data.get('phone')
    phone = (normalize_phone(phone)
        if isinstance(phone, str) and len(phone) <= 40 else None)
    if not phone:
        _raise(HTTPStatus.BAD_REQUEST, 'msg_online_bad_phone')
    return name, phone


def _start(store, value):
    try:
        start = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        _raise(HTTPStatus.BAD_REQUEST, 'msg_online_bad_start')
    if start.tzinfo:
        start = start.astimezone(dt.timezone.utc).replace(tzinfo=None)
    start = start.replace(second=0, microsecond=0)
    now = utc_now(microsecond=True)
    if start < now:
        _raise(HTTPStatus.BAD_REQUEST, 'msg_online_past_start',
            start=format_local(start, store.tzinfo))
    _day(store, to_local(start, store.tzinfo).date().isoformat())
    return start


def _client(pool, store, name, phone):
    """Return the client with the phone or a new online client: the page
    never changes nor shows an existing client"""
    Party = pool.get('party.party')
    Mechanism = pool.get('party.contact_mechanism')
    mechanisms = Mechanism.search([
            ('type', 'in', ['mobile', 'phone']),
            ('value_compact', '=', phone),
            ('party.salon_client', '=', True),
            ], order=[('party', 'ASC')], limit=1)
    if mechanisms:
        return mechanisms[0].party
    client = Party(
        name=name, salon_client=True, salon_source='online',
        salon_home_store=store)
    client.contact_mechanisms = [Mechanism(type='mobile', value=phone)]
    client.save()
    return client

