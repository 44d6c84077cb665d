"""SQLAlchemy models and the database session; imports nothing but SQLAlchemy."""

from models.attendee import Answer, Attendee, OptOut
from models.base import Base, as_utc, utcnow
from models.db import Session, configure, make_engine, normalise_url
from models.event import CoHost, Event, EventLog, Question
from models.host import Host, LoginFailure, looks_like_email, normalise_email
from models.match import AnswerVector, Match, MatchOffer, MatchRun
from models.message import InboundMessage, OutboundMessage, StatusReport
from models.round import Round, Seat

__all__ = [
    "Answer",
    "AnswerVector",
    "Attendee",
    "Base",
    "CoHost",
    "Event",
    "EventLog",
    "Host",
    "InboundMessage",
    "LoginFailure",
    "Match",
    "MatchOffer",
    "MatchRun",
    "OptOut",
    "OutboundMessage",
    "Question",
    "Round",
    "Seat",
    "Session",
    "StatusReport",
    "as_utc",
    "configure",
    "looks_like_email",
    "make_engine",
    "normalise_email",
    "normalise_url",
    "utcnow",
]
