"""Events belong to hosts: the owner and the co-hosts they invite reach an event, nobody else."""

import pytest
from sqlalchemy import func, insert, select

from models import Attendee, CoHost, Event, InboundMessage, Round, Session
from tests.helpers import PASSWORD, form_token, sign_in
from workers.events.editing import create_event
from workers.hosts.accounts import create_host

OWNER, STRANGER, HELPER = "owner@example.org", "stranger@example.org", "helper@example.org"
# Every admin route about one event (under /admin, with a <code>) is checked, a new one
# automatically; VALUES gives its other arguments.
VALUES = {"number": 1, "kind": "attendees", "person": 1}


@pytest.fixture
def hosts(app):
    """Two hosts, each with an event (the owner's has a round), and a browser for each."""
    with Session() as session:
        owner = create_host(session, OWNER, PASSWORD)
        stranger = create_host(session, STRANGER, PASSWORD)
        folk = create_event(session, "Folk Night", "FOLK", owner_id=owner.id)
        create_event(session, "Jazz Night", "JAZZ", owner_id=stranger.id)
        session.flush()
        session.execute(insert(Round), [{"event_id": folk.id, "number": 1}])
        session.commit()
    return {email: browser(app, email) for email in (OWNER, STRANGER)}


def browser(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def token(client):
    return form_token(client.get("/admin/events/").get_data(as_text=True))


def event_routes(app):
    """(method, path) for every admin route about one event, for the event FOLK."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/admin/") or "code" not in rule.arguments:
                continue
            values = {name: VALUES[name] for name in rule.arguments if name != "code"}
            path = app.url_for(rule.endpoint, code="FOLK", **values)
            routes += [(method, path) for method in sorted(rule.methods & {"GET", "POST"})]
    return routes


def call(client, method, path, csrf):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf_token": csrf, "body": "hi", "round": "2",
                                   "email": "x@example.org", "name": "Taken"})  # fmt: skip


def test_every_event_route_is_not_found_for_another_host(app, hosts):
    routes = event_routes(app)
    endpoints = {path.split("/")[4] if len(path.split("/")) > 4 else "" for _, path in routes}
    assert len(routes) >= 15 and {"", "edit", "rounds", "export", "matches", "hosts"} <= endpoints
    stranger = hosts[STRANGER]
    csrf = token(stranger)
    for method, path in routes:
        assert call(stranger, method, path, csrf).status_code == 404, (method, path)
        # The same answer as for an event that does not exist: a code tells a stranger nothing.
        missing = path.replace("/FOLK/", "/NOPE/")
        assert call(stranger, method, missing, csrf).status_code == 404, (method, missing)
    with Session() as session:
        folk = session.scalars(select(Event).where(Event.code == "FOLK")).one()
        assert (folk.name, folk.is_open, folk.owner_id is not None) == ("Folk Night", True, True)
        assert session.scalar(select(func.count(CoHost.id))) == 0
        assert session.scalar(select(func.count(Round.id))) == 1


def test_the_owner_reaches_every_page_of_their_event(app, hosts):
    for method, path in event_routes(app):
        if method == "GET":
            assert hosts[OWNER].get(path).status_code == 200, path


def test_the_event_list_shows_only_the_hosts_own_events(hosts):
    mine = hosts[OWNER].get("/admin/events/").get_data(as_text=True)
    theirs = hosts[STRANGER].get("/admin/").get_data(as_text=True)
    assert "Folk Night" in mine and "Jazz Night" not in mine
    assert "Jazz Night" in theirs and "Folk Night" not in theirs


def test_an_event_made_on_the_page_belongs_to_whoever_made_it(app, hosts):
    stranger = hosts[STRANGER]
    data = {"csrf_token": token(stranger), "name": "Salsa", "code": "salsa", "table_size": "5",
            "rounds": "3", "max_intros": "2", "retention_days": "30"}  # fmt: skip
    assert stranger.post("/admin/events/new", data=data).status_code == 302
    assert "Salsa" in stranger.get("/admin/events/").get_data(as_text=True)
    assert hosts[OWNER].get("/admin/events/SALSA/").status_code == 404


def test_a_co_host_runs_the_event_until_the_owner_removes_them(app, hosts):
    owner = hosts[OWNER]
    csrf = token(owner)
    # Invited before they have an account: the invitation holds for the email.
    response = owner.post("/admin/events/FOLK/hosts", data={"csrf_token": csrf, "email": HELPER})
    assert "helper@example.org can now run Folk Night" in owner.get(response.location).text
    with Session() as session:
        create_host(session, " Helper@Example.org ", PASSWORD)
        session.commit()
    helper = browser(app, HELPER)
    assert "Folk Night" in helper.get("/admin/events/").text
    for path in ("/admin/events/FOLK/", "/admin/events/FOLK/edit", "/admin/events/FOLK/hosts"):
        assert helper.get(path).status_code == 200, path
    assert helper.get("/admin/events/FOLK/export/attendees.csv").status_code == 200
    # Only the owner invites and removes hosts.
    mine = {"csrf_token": token(helper), "email": "friend@example.org"}
    assert helper.post("/admin/events/FOLK/hosts", data=mine).status_code == 403
    assert helper.post("/admin/events/FOLK/hosts/remove", data=mine).status_code == 403
    page = owner.get("/admin/events/FOLK/hosts").text
    assert "owner@example.org</strong> (owner)" in page and "helper@example.org (co-host)" in page
    owner.post("/admin/events/FOLK/hosts/remove", data={"csrf_token": csrf, "email": HELPER})
    assert helper.get("/admin/events/FOLK/").status_code == 404
    assert "Folk Night" not in helper.get("/admin/events/").text
    # A co-host of one event reaches nothing else.
    assert helper.get("/admin/events/JAZZ/").status_code == 404


@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("not an email", "that does not look like an email address"),
        (OWNER.upper(), "owner@example.org owns this event already"),
        ("", "that does not look like an email address"),
        ("a@b.c" + "x" * 300, "that does not look like an email address"),
    ],
)
def test_an_invitation_that_cannot_be_made_says_why(hosts, email, says):
    owner = hosts[OWNER]
    response = owner.post(
        "/admin/events/FOLK/hosts", data={"csrf_token": token(owner), "email": email}
    )
    assert f"Not invited: {says}." in owner.get(response.location).text


def test_inviting_twice_says_so_and_keeps_one(hosts):
    owner = hosts[OWNER]
    data = {"csrf_token": token(owner), "email": HELPER}
    owner.post("/admin/events/FOLK/hosts", data=data)
    response = owner.post("/admin/events/FOLK/hosts", data=data)
    assert "is a co-host already" in owner.get(response.location).text
    with Session() as session:
        assert session.scalar(select(func.count(CoHost.id))) == 1


def test_the_simulator_crowd_fills_only_the_hosts_own_events(app, hosts):
    stranger = hosts[STRANGER]
    with Session() as session:
        create_event(session, "Blues Night", "BLUES", owner_id=session.scalar(
            select(Event.owner_id).where(Event.code == "JAZZ")))  # fmt: skip
        session.commit()
    page = stranger.get("/simulator").text
    assert "JAZZ - Jazz Night" in page and "BLUES - Blues Night" in page and "FOLK" not in page
    with Session() as session:
        folk_id = session.scalar(select(Event.id).where(Event.code == "FOLK"))
    data = {"csrf_token": form_token(page), "event": str(folk_id)}
    response = stranger.post("/simulator/crowd", data=data)
    assert "No event is open for sign-up" in stranger.get(response.location).text
    with Session() as session:
        assert session.scalar(select(func.count(Attendee.id))) == 0
    data["csrf_token"] = form_token(hosts[OWNER].get("/simulator").text)
    hosts[OWNER].post("/simulator/crowd", data=data)
    with Session() as session:
        joined = session.scalars(select(Event.code).join(Attendee)).all()
    assert set(joined) == {"FOLK"} and len(joined) == 30


def test_events_made_before_any_host_go_to_the_first_host_added(app):
    with Session() as session:
        early = create_event(session, "Early", "EARLY")
        session.commit()
        assert early.owner_id is None
        first = create_host(session, "first@example.org", PASSWORD)
        second = create_host(session, "second@example.org", PASSWORD)
        create_event(session, "Later", "LATER")
        session.commit()
        owners = dict(session.execute(select(Event.code, Event.owner_id)).all())
    assert owners == {"EARLY": first.id, "LATER": first.id}
    assert second.id != first.id


def test_the_cli_names_and_changes_the_owner(app, runner):
    with Session() as session:
        create_host(session, OWNER, PASSWORD)
        create_host(session, STRANGER, PASSWORD)
        session.commit()
    created = runner.invoke(args=["event", "create", "Folk", "--code", "FOLK", "--owner", STRANGER])
    assert created.exit_code == 0, created.output
    unknown = runner.invoke(
        args=["event", "create", "Jazz", "--code", "JAZZ", "--owner", "no@x.org"]
    )
    assert unknown.exit_code != 0 and "no host with email no@x.org" in unknown.output
    moved = runner.invoke(args=["event", "owner", "folk", OWNER.upper()])
    assert moved.exit_code == 0 and "now owned by owner@example.org" in moved.output
    assert browser(runner.app, OWNER).get("/admin/events/FOLK/").status_code == 200
    assert browser(runner.app, STRANGER).get("/admin/events/FOLK/").status_code == 404


def test_a_simulated_number_at_another_hosts_event_is_not_shown_or_used(app, hosts):
    stranger, owner = hosts[STRANGER], hosts[OWNER]
    theirs = "+15550100001"  # a default phone, signed up at the stranger's event
    text = {"phone": theirs, "csrf_token": form_token(stranger.get("/simulator").text)}
    for body in ("JAZZ", "Sam Secret"):
        assert stranger.post("/simulator", data={**text, "body": body}).status_code == 302
    assert "Sam Secret" in stranger.get("/simulator", query_string={"phone": theirs}).text
    page = owner.get("/simulator", query_string={"phone": theirs}).text
    assert "Sam Secret" not in page and "Jazz" not in page and theirs not in page
    assert page.count('class="phone"') == 3  # the other default phones and a fresh one
    refused = owner.get("/simulator/thread", query_string={"phone": theirs})
    assert refused.status_code == 400 and "another host's event" in refused.text
    data = {"phone": theirs, "body": "TABLE", "csrf_token": form_token(page)}
    assert owner.post("/simulator", data=data).status_code == 400
    with Session() as session:
        bodies = session.scalars(select(InboundMessage.body)).all()
    assert "TABLE" not in bodies
