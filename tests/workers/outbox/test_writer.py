"""The outbox's one writer: every text the service sends is queued by `add_texts`."""

import re
from pathlib import Path

from sqlalchemy import select

from models import OutboundMessage, Session
from tests.helpers import ROOT
from workers.outbox.writer import Kind, Text, add_texts

# Any other way of writing an outbox row: an ORM object, or an insert on the model or table.
OTHER_WRITERS = re.compile(r"OutboundMessage\(|insert\(\s*(OutboundMessage|outbound|outbox)\b")
WRITER = Path("workers/outbox/writer.py")


def test_texts_are_queued_pending_in_order_with_their_kind(app, event):
    texts = [Text(kind, f"+1416555{n:04d}", f"text {n}", event.id) for n, kind in enumerate(Kind)]
    with Session() as session:
        ids = add_texts(session, texts)
        session.commit()
        rows = session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
    assert ids == [row.id for row in rows] and len(ids) == len(Kind)
    assert [(r.kind, r.body, r.status) for r in rows] == [
        (kind.value, f"text {n}", "pending") for n, kind in enumerate(Kind)
    ]
    with Session() as session:
        assert add_texts(session, []) == []


def test_no_other_module_writes_the_outbox():
    writers = [
        str(path.relative_to(ROOT))
        for package in ("service", "workers")
        for path in (ROOT / package).rglob("*.py")
        if path.relative_to(ROOT) != WRITER and OTHER_WRITERS.search(path.read_text())
    ]
    assert writers == []
