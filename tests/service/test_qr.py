import shutil
import subprocess

import pytest
import segno

from service.qr import qr_svg
from workers.events.wall import sms_uri

ZBARIMG = shutil.which("zbarimg")


def decode(png_path) -> str:
    """The text of the one QR code in a PNG, read by zbar (as a phone's camera would)."""
    result = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_the_svg_scales_and_names_what_it_opens():
    svg = str(qr_svg("sms:+15550100199?body=FOLK", "Text FOLK to <us>"))
    assert svg.startswith("<svg viewBox=") and "width=" not in svg.split(">")[0]
    assert "<title>Text FOLK to &lt;us&gt;</title>" in svg
    assert "style=" not in svg  # a style attribute would need 'unsafe-inline' under our CSP


@pytest.mark.skipif(
    ZBARIMG is None, reason="decoding QR codes needs zbarimg (apt-get install zbar-tools)"
)
def test_the_code_decodes_to_the_exact_sms_link(tmp_path):
    uri = sms_uri("+15550100199", "FOLK")
    png = tmp_path / "qr.png"
    segno.make(uri, error="m").save(png, scale=8, border=4)  # the data qr_svg draws
    assert decode(png) == "sms:+15550100199?body=FOLK"
