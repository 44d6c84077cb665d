"""The host's event pages: list, create, edit, open and close sign-up."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from models import Event, Round, Session
from tests.helpers import SERVICE_NUMBER, Phone, form_token
from workers.events.editing import ORG_QUESTION
from workers.hosts.accounts import create_host

EMAIL, PASSWORD = "ana@example.org", "correct horse battery"


@pytest.fixture
def host_client(client):
    """A client signed in as a host."""
    with Session() as session:
        create_host(session, EMAIL, PASSWORD)
        session.commit()
    token = form_token(client.get("/admin/login").text)
    data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    assert client.post("/admin/login", data=data).status_code == 302
    return client


def blank_question(i):
    return {f"q{i}-id": "", f"q{i}-text": "", f"q{i}-choices": "", f"q{i}-role": "spread"}


def event_form(**fields):
    """A filled new-event form: the page's default org question and two empty rows."""
    form = {
        "name": "Folk Night",
        "code": "folk",
        "table_size": "5",
        "rounds": "3",
        "phone_number": "",
        "tables": "",
        "consent_text": "",
        "q0-id": "",
        "q0-text": ORG_QUESTION,
        "q0-choices": "",
        "q0-role": "apart",
        **blank_question(1),
        **blank_question(2),
    }
    form.update(fields)
    return form


def post(client, path, form):
    token = form_token(client.get(path).text)
    return client.post(path, data={**form, "csrf_token": token})


def stored(code="FOLK"):
    with Session() as session:
        event = session.scalars(select(Event).where(Event.code == code)).one()
        questions = [(q.text, q.choices, q.role) for q in event.questions]
        return event, questions


def test_the_pages_need_sign_in(client):
    for path in ("/admin/events/", "/admin/events/new", "/admin/events/FOLK/edit"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.location
    assert client.post("/admin/events/FOLK/close").status_code in (302, 400)  # no form token


def test_admin_home_is_the_event_list(host_client, event):
    page = host_client.get("/admin/").text
    assert "Folk Night" in page and "FOLK" in page and "Signed in as ana@example.org" in page


def test_the_list_shows_code_state_and_sign_ups(host_client, event):
    Phone(host_client, "+14165550142").text("hi")
    for text in ("hi", "Raj", "SKIP", "pottery", "chess", "Acme", "1", "yes"):
        Phone(host_client, "+14165550143").text(text)
    page = host_client.get("/admin/events/").text
    assert "Folk Night" in page and "<strong>FOLK</strong>" in page
    assert ">open<" in page
    assert "1 signed up &middot; 1 still answering" in page
    # The same counts as the event's dashboard, on every page.
    live = host_client.get("/admin/events/FOLK/live").text
    assert [count(live, what) for what in ("signed up", "still answering")] == [1, 1]
    assert 'href="/admin/events/FOLK/edit"' in page
    assert 'href="/admin/events/FOLK/"' in page  # the event's dashboard


def test_the_new_event_form_starts_with_the_colleagues_question(host_client):
    page = host_client.get("/admin/events/new").text
    assert ORG_QUESTION in page and 'value="5"' in page
    assert 'name="csrf_token"' in page


def test_create_with_questions_choices_roles_and_tables(host_client):
    form = event_form(
        name="  Spring Mixer ",
        code="spring26",
        table_size="6",
        rounds="2",
        phone_number="+1 555 010 0199",
        tables="1: 6\r\nWindow : 4\r\n\r\n3=8",
        consent_text="May we   introduce you to a match later? YES or NO",
        **{
            "q1-text": "Age range?",
            "q1-choices": "Under 25\r\n25-39\r\n40+",
            "q1-role": "spread",
            "q2-text": "Which team are you on?",
            "q2-choices": "Red | Blue",
            "q2-role": "apart",
        },
    )
    response = post(host_client, "/admin/events/new", form)
    assert response.status_code == 302 and response.location == "/admin/events/"
    assert "Spring Mixer created" in host_client.get("/admin/events/").text
    event, questions = stored("SPRING26")
    assert (event.name, event.table_size, event.rounds, event.is_open) == (
        "Spring Mixer",
        6,
        2,
        True,
    )
    assert event.phone_number == "+15550100199"
    assert event.tables == [
        {"label": "1", "capacity": 6},
        {"label": "Window", "capacity": 4},
        {"label": "3", "capacity": 8},
    ]
    assert event.consent_text == "May we introduce you to a match later? YES or NO"
    assert questions == [
        (ORG_QUESTION, [], "apart"),
        ("Age range?", ["Under 25", "25-39", "40+"], "spread"),
        ("Which team are you on?", ["Red", "Blue"], "apart"),
    ]


def test_questions_can_be_reordered_and_removed(host_client):
    form = event_form(
        **{"q0-remove": "on", "q1-text": "Second", "q1-order": "2"},
        **{"q2-text": "First", "q2-order": "1"},
    )
    assert post(host_client, "/admin/events/new", form).status_code == 302
    assert [q[0] for q in stored()[1]] == ["First", "Second"]


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"code": "no spaces"}, "2 to 20 letters or digits"),
        ({"code": "X"}, "2 to 20 letters or digits"),
        ({"name": "  "}, "The event needs a name"),
        ({"table_size": "13"}, "Table size must be between 2 and 12"),
        ({"table_size": "1"}, "Table size must be between 2 and 12"),
        ({"table_size": "five"}, "Table size must be a whole number"),
        ({"rounds": "0"}, "Rounds must be between 1 and 10"),
        ({"rounds": "11"}, "Rounds must be between 1 and 10"),
        ({"phone_number": "555-0199"}, "international format"),
        ({"tables": "1: 6\nbig table"}, "label: seats"),
        ({"tables": "1: 1"}, "between 2 and 50"),
        ({"tables": "A: 4\na: 5"}, "listed twice"),
        ({"q1-text": " ", "q1-choices": "Red|Blue"}, "choices but no text"),
        ({"q1-text": "Team?", "q1-choices": "Red"}, "give two or more"),
        ({"q1-text": "Team?", "q1-role": "nearby"}, "role must be one of"),
        ({"q1-text": "Team?", "q1-order": "first"}, "order must be a whole number"),
        ({"consent_text": "x" * 301}, "300 characters at most"),
    ],
)
def test_bad_values_re_render_the_form_with_the_values_kept(host_client, fields, says):
    kept = {"name": "Kept Name", "q1-text": "Kept question?", **fields}
    response = post(host_client, "/admin/events/new", event_form(**kept))
    assert response.status_code == 422
    assert says in response.text
    for key, value in kept.items():
        assert key.endswith("-role") or str(escape(value)) in response.text
    with Session() as session:
        assert session.scalars(select(Event)).all() == []


def test_a_duplicate_code_is_refused_kindly(host_client, event):
    response = post(host_client, "/admin/events/new", event_form(name="Other", code=" Folk "))
    assert response.status_code == 422
    assert "An event with code FOLK already exists." in response.text
    assert 'value="Other"' in response.text


def test_edit_changes_settings_and_keeps_answers_of_kept_questions(host_client, event):
    phone = Phone(host_client, "+14165550143")
    for text in ("hi", "Raj", "SKIP", "pottery", "chess", "Acme"):
        phone.text(text)
    page = host_client.get("/admin/events/FOLK/edit").text
    assert 'value="Folk Night"' in page and "Age range?" in page and "Under 25\n25-39" in page
    with Session() as session:
        ids = [q.id for q in session.get(Event, event.id).questions]
    form = event_form(
        name="Folk Night II",
        code="FOLK2",
        table_size="4",
        tables="A: 4\nB: 4",
        **{"q0-id": str(ids[0]), "q0-order": "2"},
        **{"q1-id": str(ids[1]), "q1-text": "Age?", "q1-choices": "Young|Old", "q1-order": "1"},
    )
    response = post(host_client, "/admin/events/FOLK/edit", form)
    assert response.status_code == 302
    edited, questions = stored("FOLK2")
    assert (edited.name, edited.table_size) == ("Folk Night II", 4)
    assert edited.tables == [{"label": "A", "capacity": 4}, {"label": "B", "capacity": 4}]
    assert questions == [("Age?", ["Young", "Old"], "spread"), (ORG_QUESTION, [], "apart")]
    with Session() as session:
        kept = session.get(Event, event.id)
        assert [q.id for q in kept.questions] == [ids[1], ids[0]]  # same rows, so answers stay
    assert host_client.get("/admin/events/FOLK/edit").status_code == 404


def test_edit_can_keep_its_own_code_but_not_take_another(host_client, event):
    post(host_client, "/admin/events/new", event_form(name="Jazz", code="JAZZ"))
    page = host_client.get("/admin/events/JAZZ/edit").text
    assert 'value="JAZZ"' in page
    assert post(host_client, "/admin/events/JAZZ/edit", event_form(code="JAZZ")).status_code == 302
    response = post(host_client, "/admin/events/JAZZ/edit", event_form(code="folk"))
    assert response.status_code == 422 and "code FOLK already exists" in response.text


def test_open_and_close_sign_up(host_client, event):
    token = form_token(host_client.get("/admin/events/").text)
    response = host_client.post("/admin/events/folk/close", data={"csrf_token": token})
    assert response.status_code == 302
    assert stored()[0].is_open is False
    page = host_client.get("/admin/events/").text
    assert "Sign-up for Folk Night is closed." in page and ">closed<" in page
    assert "Open sign-up" in page
    assert "no event is open" in Phone(host_client, "+14165550142").text("hi")
    host_client.post("/admin/events/FOLK/open", data={"csrf_token": token})
    assert stored()[0].is_open is True
    assert "Welcome to Folk Night" in Phone(host_client, "+14165550142").text("hi")


def test_open_close_and_edit_of_an_unknown_event_are_404(host_client):
    token = form_token(host_client.get("/admin/events/").text)
    assert (
        host_client.post("/admin/events/NOPE/close", data={"csrf_token": token}).status_code == 404
    )
    assert host_client.get("/admin/events/NOPE/edit").status_code == 404


def test_after_a_round_started_table_size_and_questions_are_fixed(host_client, event):
    form_before = host_client.get("/admin/events/FOLK/edit").text  # opened before the round
    with Session() as session:
        session.add(Round(event_id=event.id, number=1, status="sent"))
        session.commit()
    page = host_client.get("/admin/events/FOLK/edit").text
    assert "Round 1 has started" in page and 'name="table_size"' not in page
    assert 'name="q0-text"' not in page and "Age range?" in page
    # The page as it is now: the name and the tables can change.
    response = post(
        host_client, "/admin/events/FOLK/edit",
        {"name": "Folk Night!", "code": "FOLK", "rounds": "4", "tables": "1: 5\n2: 5"},
    )  # fmt: skip
    assert response.status_code == 302
    event_now, questions = stored()
    assert (event_now.name, event_now.rounds, event_now.table_size) == ("Folk Night!", 4, 5)
    assert len(questions) == 2
    # A form opened before the round started, with a new table size or questions, is refused.
    token = form_token(form_before)
    stale = {**event_form(table_size="3"), "csrf_token": token}
    response = host_client.post("/admin/events/FOLK/edit", data=stale)
    assert response.status_code == 422
    assert "round 1 has started, so the table size can no longer change" in response.text.lower()
    stale = {**event_form(table_size="5"), "csrf_token": token}
    response = host_client.post("/admin/events/FOLK/edit", data=stale)
    assert response.status_code == 422 and "questions can no longer change" in response.text
    fewer = {"name": "Folk", "code": "FOLK", "rounds": "0", "csrf_token": token}
    assert "between 1 and 10" in host_client.post("/admin/events/FOLK/edit", data=fewer).text
    assert stored()[1] == questions and stored()[0].table_size == 5


def test_an_event_made_on_the_page_signs_people_up_by_text(host_client):
    form = event_form(
        name="Maker Night",
        code="MAKE",
        phone_number=SERVICE_NUMBER,
        **{
            "q0-order": "2",
            "q1-text": "Age range?",
            "q1-choices": "Under 30\n30+",
            "q1-order": "1",
        },
    )
    assert post(host_client, "/admin/events/new", form).status_code == 302
    phone = Phone(host_client, "+14165550142")
    assert "Welcome to Maker Night" in phone.text("hi")
    assert "In two sentences" in phone.text("Ana")
    phone.text("I build synths.")
    phone.text("welding")
    assert "Age range? Reply with a number: 1 Under 30, 2 30+" in phone.text("soldering")
    assert ORG_QUESTION in phone.text("2")
    assert "YES or NO" in phone.text("Acme")
    assert "You're in, Ana!" in phone.text("yes")
    assert "1 signed up" in host_client.get("/admin/events/").text


def test_a_purged_event_shows_its_counts_not_its_people(host_client, event):
    from workers.retention.purge import purge

    for text in ("hi", "Raj", "SKIP", "pottery", "chess", "Acme", "1", "yes"):
        Phone(host_client, "+14165550143").text(text)
    with Session() as session:
        purge(session, stored()[0].id)
        session.commit()
    page = host_client.get("/admin/events/").text
    assert "Personal data erased" in page and "1 came" in page
    assert "signed up" not in page


def test_intros_double_opt_in_and_retention_are_set_on_the_page(host_client):
    form = event_form(max_intros="3", double_opt_in="on", retention_days="7")
    assert post(host_client, "/admin/events/new", form).status_code == 302
    event, _ = stored()
    assert (event.max_intros, event.double_opt_in, event.retention_days) == (3, True, 7)
    page = host_client.get("/admin/events/FOLK/edit").text
    assert 'name="retention_days" min="1" max="365" value="7"' in page
    assert 'name="double_opt_in" checked' in page
    refusals = [
        ("retention_days", "0", "1 to 365 days"),
        ("max_intros", "9", "Introductions per person must be 0 to 5"),
    ]
    for field, value, says in refusals:
        form = event_form(code="other", **{field: value})
        response = post(host_client, "/admin/events/new", form)
        assert response.status_code == 422 and says in response.text


def count(page: str, what: str) -> int:
    """The number in the dashboard's box labelled what."""
    return int(re.search(rf"<strong>(\d+)</strong>{what}", page).group(1))


def sign_up_raj(client):
    for text in ("hi", "Raj", "SKIP", "pottery", "chess", "Acme", "1", "yes"):
        Phone(client, "+14165550143").text(text)


def log_lines(event_id):
    from models import EventLog

    with Session() as session:
        query = select(EventLog.host_email, EventLog.action).where(EventLog.event_id == event_id)
        return session.execute(query.order_by(EventLog.id)).all()


def test_an_archived_event_leaves_the_list_and_comes_back(host_client, event):
    token = form_token(host_client.get("/admin/events/").text)
    assert "Archived (" not in host_client.get("/admin/events/").text  # none yet
    response = host_client.post("/admin/events/folk/archive", data={"csrf_token": token})
    assert response.status_code == 302
    page = host_client.get(response.location).text
    assert "Folk Night archived: find it under Archived" in page
    assert "Code <strong>FOLK</strong>" not in page and "Archived (1)" in page
    archived = host_client.get("/admin/events/archived").text
    assert "Code <strong>FOLK</strong>" in archived and "Unarchive" in archived
    assert "Delete&hellip;" in archived  # the owner's
    # Its texts work as before: it is still open for sign-up.
    assert "Welcome to Folk Night" in Phone(host_client, "+14165550142").text("hi")
    assert stored()[0].archived_at is not None
    host_client.post("/admin/events/FOLK/unarchive", data={"csrf_token": token})
    page = host_client.get("/admin/events/").text
    assert "Code <strong>FOLK</strong>" in page and "Archived (" not in page
    assert stored()[0].archived_at is None
    assert log_lines(stored()[0].id) == [(EMAIL, "archive"), (EMAIL, "unarchive")]


def test_the_edit_page_archives_and_offers_delete_to_the_owner(host_client, event):
    page = host_client.get("/admin/events/FOLK/edit").text
    assert "<button>Archive</button>" in page and "Delete this event" in page
    host_client.post("/admin/events/FOLK/archive", data={"csrf_token": form_token(page)})
    page = host_client.get("/admin/events/FOLK/edit").text
    assert "<button>Unarchive</button>" in page and "Archived 20" in page


def test_delete_asks_for_the_code_then_erases_at_once(host_client, event):
    sign_up_raj(host_client)
    page = host_client.get("/admin/events/FOLK/delete").text
    assert "Delete Folk Night (FOLK)?" in page and "<strong>1 person</strong>" in page
    token = form_token(page)
    wrong = host_client.post("/admin/events/FOLK/delete", data={"csrf_token": token,
                                                                 "confirm": "FOLKS"})  # fmt: skip
    assert wrong.status_code == 422 and "Type FOLK to delete this event." in wrong.text
    assert stored()[0].purged_at is None
    response = host_client.post(
        "/admin/events/FOLK/delete", data={"csrf_token": token, "confirm": " folk "}
    )
    assert response.status_code == 302
    page = host_client.get(response.location).text
    assert "Folk Night deleted: the personal data of 1 person is erased." in page
    assert "Code <strong>FOLK</strong>" not in page
    archived = host_client.get("/admin/events/archived").text
    assert "Personal data erased" in archived and "1 came" in archived and "Raj" not in archived
    event_row = stored()[0]
    assert event_row.purged_at is not None and event_row.archived_at is not None
    assert log_lines(event_row.id) == [(EMAIL, "delete")]


def test_a_co_host_may_archive_but_only_the_owner_deletes(client, app):
    from workers.events.editing import create_event
    from workers.events.event_hosts import invite

    with Session() as session:
        owner = create_host(session, "owner@example.org", PASSWORD)
        create_host(session, EMAIL, PASSWORD)
        folk = create_event(session, "Folk Night", "FOLK", owner_id=owner.id)
        session.flush()
        invite(session, folk, EMAIL, owner)
        session.commit()
    token = form_token(client.get("/admin/login").text)
    client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    assert "Delete this event" not in client.get("/admin/events/FOLK/edit").text
    token = form_token(client.get("/admin/events/").text)
    assert client.get("/admin/events/FOLK/delete").status_code == 403
    deleting = {"csrf_token": token, "confirm": "FOLK"}
    assert client.post("/admin/events/FOLK/delete", data=deleting).status_code == 403
    assert client.post("/admin/events/FOLK/archive", data={"csrf_token": token}).status_code == 302
    archived = client.get("/admin/events/archived").text
    assert "Code <strong>FOLK</strong>" in archived and "Delete&hellip;" not in archived
    event_row = stored()[0]
    assert event_row.purged_at is None and event_row.archived_at is not None
    assert log_lines(event_row.id) == [(EMAIL, "archive")]
