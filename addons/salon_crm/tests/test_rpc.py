# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import enum
import gzip
import json
import threading
import unittest
from decimal import Decimal
from types import MappingProxyType
from unittest import mock

from werkzeug.test import EnvironBuilder

from trytond.modules.salon_crm import rpc
from trytond.protocols import jsonrpc


def request(accept_gzip=True):
    headers = {'Accept-Encoding': 'gzip'} if accept_gzip else {}
    environ = EnvironBuilder(method='POST', path='/db/', headers=headers,
        content_type='application/json',
        data=json.dumps({'id': 7, 'method': 'model.x.y', 'params': []})
        ).get_environ()
    return jsonrpc.JSONRequest(environ)


def host_text(response):
    "The answer as the host's streaming encoder writes it"
    encoder = jsonrpc.JSONEncoder(separators=(',', ':'))
    return ''.join(encoder.iterencode(response))


def slots(count):
    start = dt.datetime(2026, 3, 29, 1, 0)
    return [{
            'start': start + dt.timedelta(minutes=15 * i),
            'end': start + dt.timedelta(minutes=15 * i + 45),
            'employee': i % 30, 'room': None, 'price': Decimal('12.50'),
            'note': "染发 %d" % i}
        for i in range(count)]


class RPCEncoderTestCase(unittest.TestCase):
    "The JSON-RPC answers of the one-shot encoder"

    def setUp(self):
        rpc.install()

    def answer(self, result, accept_gzip=True):
        response = jsonrpc.JSONProtocol.response(
            result, request(accept_gzip))
        body = b''.join(response.iter_encoded())
        return response, body

    def test_installed(self):
        "The protocol encodes with the salon encoder, installed once"
        encoder = jsonrpc.encoder
        rpc.install()
        self.assertIsInstance(jsonrpc.encoder, rpc.Encoder)
        self.assertIs(jsonrpc.encoder, encoder)

    def test_large_answer_gzip(self):
        "A large answer is gzipped with the same bytes as the host's"
        result = slots(420)
        response, body = self.answer(result)
        self.assertEqual(response.headers['Content-Encoding'], 'gzip')
        text = gzip.decompress(body).decode()
        self.assertEqual(text, host_text({'id': 7, 'result': result}))
        decoded = json.loads(text, object_hook=jsonrpc.JSONDecoder())
        self.assertEqual(decoded['result'], result)

    def test_large_answer_plain(self):
        "Without gzip the large answer comes whole, in order"
        result = slots(3000)  # several chunks
        response, body = self.answer(result, accept_gzip=False)
        text = body.decode()
        self.assertGreater(len(text), 2 * rpc.CHUNK)
        self.assertEqual(text, host_text({'id': 7, 'result': result}))

    def test_small_answer(self):
        "A small answer is sent in one piece, uncompressed"
        response, body = self.answer([1, 2, 3])
        self.assertNotIn('Content-Encoding', response.headers)
        self.assertEqual(json.loads(body), {'id': 7, 'result': [1, 2, 3]})

    def test_error_answer(self):
        "An error is encoded as the host does it"
        from trytond.exceptions import UserError
        error = UserError("Slot taken", "10:00")
        response, body = self.answer(error)
        self.assertEqual(body.decode(),
            host_text({'id': 7, 'error': error.args}))
        self.assertEqual(json.loads(body)['error'][1][:2],
            ['Slot taken', '10:00'])

    def test_text_released(self):
        "Once sent, the text of a large answer is not kept"
        self.answer(slots(420))
        self.assertIsNone(getattr(jsonrpc.encoder._last, 'value', None))

    def test_threads(self):
        "Threads answering at once each get their own answer"
        results, errors = {}, []

        def work(i):
            try:
                for _ in range(5):
                    result = slots(100 + i)
                    _, body = self.answer(result)
                    decoded = json.loads(gzip.decompress(body),
                        object_hook=jsonrpc.JSONDecoder())
                    if decoded['result'] != result:
                        errors.append(i)
                results[i] = True
            except Exception as exception:
                errors.append(exception)
        threads = [threading.Thread(target=work, args=(i,))
            for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 8)


class Number(enum.IntEnum):
    one = 1
    seven = 7


class Word(str, enum.Enum):
    hair = "hair"


def every_type():
    "A value of every type the host's JSONEncoder encodes, nested"
    text = "剪发 \"quoted\" \\ \t\n\x00\u2028 émoji 💇 " * 3
    value = {
        'datetime': dt.datetime(2026, 3, 29, 1, 2, 3, 456789),
        'datetime_naive_second': dt.datetime(2026, 1, 1),
        'date': dt.date(2026, 2, 28),
        'time': dt.time(23, 59, 59, 999999),
        'timedelta': dt.timedelta(days=2, seconds=3, microseconds=5),
        'timedelta_negative': dt.timedelta(minutes=-45),
        'decimal': [Decimal('12.50'), Decimal('-0'), Decimal('1E+3'),
            Decimal('0.000001'), Decimal('NaN'), Decimal('-Infinity')],
        'bytes': b'\x00\xffbinary' * 40,
        'bytearray': bytearray(b'abc'),
        'empty_bytes': b'',
        'mapping': MappingProxyType({'a': 1, 'b': [2]}),
        'set': {3}, 'frozenset': frozenset({'x'}),
        'none': None, 'true': True, 'false': False,
        'int': [0, -1, 2 ** 70, Number.one],
        'float': [0.1, -0.0, 1e300, 1.5e-7, float('nan'), float('inf'),
            float('-inf')],
        'str': ['', 'ascii', text, Word.hair],
        'large_str': "长文本" * 20000,
        'tuple': (1, (2, (3,))),
        'keys': {3: 'int', 2.5: 'float', True: 'bool', None: 'none',
            Number.seven: 'enum', '键': 'str'},
        'nested': [[[{'deep': [dt.date(2026, 1, 1), None, {}]}]], [], {}],
        }
    value['list'] = [dict(value, large_str=None) for _ in range(3)]
    return value


class RPCHostBytesTestCase(unittest.TestCase):
    """The one-shot encoder answers with the very bytes of the host's
    encoder, for every type the host encodes"""

    def setUp(self):
        rpc.install()

    def response(self, data, accept_gzip, encoder=None):
        "Return the headers and the body of the answer"
        if encoder is None:
            encoder = jsonrpc.encoder
        with mock.patch.object(jsonrpc, 'encoder', encoder):
            response = jsonrpc.JSONProtocol.response(
                data, request(accept_gzip))
            body = b''.join(response.iter_encoded())
        return dict(response.headers), body

    def assertSameAnswer(self, data):
        host = jsonrpc.JSONEncoder(separators=(',', ':'))
        for accept_gzip in [True, False]:
            with self.subTest(accept_gzip=accept_gzip):
                self.assertEqual(
                    self.response(data, accept_gzip),
                    self.response(data, accept_gzip, host))

    def test_every_type_large(self):
        "A large answer of every type"
        data = every_type()
        self.assertGreater(len(host_text(data)), 2 * rpc.CHUNK)
        self.assertSameAnswer(data)

    def test_every_type_small(self):
        "Each type alone, in an answer under the host's limit"
        for key, value in every_type().items():
            if key in {'large_str', 'list'}:
                continue
            with self.subTest(key=key):
                self.assertLess(len(host_text(value)), rpc.LIMIT)
                self.assertSameAnswer(value)

    def test_limit(self):
        "Answers around the size the host sends in one piece"
        for size in range(rpc.LIMIT - 30, rpc.LIMIT + 10):
            data = 'x' * size
            with self.subTest(size=size):
                self.assertSameAnswer(data)

    def test_errors(self):
        "The exceptions are answered as the host answers them"
        from trytond.exceptions import UserError, UserWarning
        for error in [
                UserError("Slot taken", "10:00 今天"),
                UserWarning('key', "Allergy", "染发剂"),
                ValueError("bad", dt.date(2026, 1, 1))]:
            with self.subTest(error=error):
                self.assertSameAnswer(error)

    def test_unknown_type(self):
        "A type the host cannot encode fails the same way"
        host = jsonrpc.JSONEncoder(separators=(',', ':'))
        for value in [object(), memoryview(b'x'), [1, {'a': object()}]]:
            with self.subTest(value=value):
                with self.assertRaises(TypeError) as expected:
                    ''.join(host.iterencode(value))
                with self.assertRaises(TypeError) as got:
                    ''.join(jsonrpc.encoder.iterencode(value))
                self.assertEqual(
                    str(got.exception), str(expected.exception))
