"""Requests beyond what Twilio or the host's forms ever send are refused with 413, before
the app reads them whole."""

from tests.helpers import Phone


def test_a_signed_webhook_of_a_megabyte_is_refused(client):
    phone = Phone(client, "+14165550190")
    response = phone.post(phone.params("x" * 1_000_000))
    assert response.status_code == 413


def test_a_webhook_of_twenty_thousand_parameters_is_refused(client):
    phone = Phone(client, "+14165550191")
    params = phone.params("hi") | {f"p{i}": "1" for i in range(20_000)}
    assert phone.post(params).status_code == 413


def test_the_largest_text_twilio_sends_is_still_read(client):
    # 1,600 characters of 4-byte letters, with ten pictures: the largest inbound webhook.
    phone = Phone(client, "+14165550192")
    media = {f"MediaUrl{i}": f"https://api.twilio.com/{'m' * 120}{i}" for i in range(10)}
    media |= {f"MediaContentType{i}": "image/jpeg" for i in range(10)}
    params = phone.params("😀" * 1600, NumMedia="10", **media)
    response = phone.post(params)
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
