"""The live server that browser tests use closes what it serves when a browser hangs up.

Chromium fetches a script with Range requests and drops connections it no longer needs.
Werkzeug's development server then fails while tidying up the socket and never closes the
response, so the static file stays open and a ResourceWarning fails a later test at random.
"""

import gc
import socket
import struct
import time


def _hang_up_mid_file(port: int, path: str) -> None:
    """Ask for a file and reset the connection without reading it, as a browser tab can."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)  # so the server is mid-file
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-\r\n\r\n".encode())
    sock.recv(100)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()  # a reset, not a polite FIN


def test_a_dropped_static_download_leaves_no_file_open(live_app):
    port = int(live_app.config["PUBLIC_URL"].rsplit(":", 1)[1])
    for _ in range(20):
        _hang_up_mid_file(port, "/static/htmx.min.js")
    time.sleep(0.5)  # the server's threads finish with the dropped sockets
    gc.collect()  # an unclosed file warns here, and filterwarnings=error fails this test
