# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
import datetime as dt
import gzip
import json
import threading
import unittest
from decimal import Decimal

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
