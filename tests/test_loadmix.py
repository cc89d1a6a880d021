"""bench/loadmix.py's open mix times each request from when its timetable made it due, so a server
that falls behind shows in the figures (no coordinated omission). Against a stub server on loopback
that answers every request after SLOW seconds, one connection at a time."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

import pytest

from bench.loadmix import Connection, percentile

SLOW = 0.05


class SlowAnswers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(SLOW)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SlowAnswers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def timings_of(base, seconds, interval):
    start = threading.Event()
    connection = Connection(base, "token", 1, time.perf_counter() + seconds, start, interval)
    connection.start()
    start.set()
    connection.join()
    return [seconds for kind, _name, seconds, status in connection.timings if kind != "error" and status == 200]


def test_the_closed_mix_times_each_request_from_its_sending(server):
    timings = timings_of(server, 0.5, None)
    assert len(timings) >= 5
    assert min(timings) >= SLOW
    assert percentile(timings, 0.5) < 2 * SLOW * 1000  # ms: one answer's time, not an accumulated wait


def test_the_open_mix_counts_the_wait_for_a_connection_that_fell_behind(server):
    """Due every SLOW / 2 seconds, each answer takes at least SLOW: each request is answered later
    after its due moment than the last one was, by at least SLOW / 2."""
    timings = timings_of(server, 0.6, SLOW / 2)
    assert len(timings) >= 5
    assert all(later - earlier >= SLOW / 2 - 0.005 for earlier, later in pairwise(timings))


def test_the_open_mix_sends_on_its_timetable_when_the_server_keeps_up(server):
    """Due every 4 × SLOW for 0.8 s: four requests (its first at a random moment of the first interval),
    not the ~16 a closed connection would send."""
    timings = timings_of(server, 0.8, 4 * SLOW)
    assert 3 <= len(timings) <= 5
