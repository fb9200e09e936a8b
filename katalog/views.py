"""Typed views: exactly what a template shows, built from the site model once per language.

A template never looks anything up in the site: it receives a view (a frozen dataclass of
texts, numbers and links) and presents it. A view is therefore also the record of what its
page was made from: two equal views render to the same bytes, which is what the page keys
rely on (see ``pages.page_keys``). Dates, times and money are formatted here, once per session
and language, with the same Babel functions the templates' filters use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import quote

from babel import Locale

from . import formatting
from .assemble import Site
from .cache import Store, digest
from .chrome import Chrome, make_chrome
from .i18n import Strings
from .inputs import CourseDigests
from .model import Body, Category, Contact, Course, FeeFilter, Level, Mode, Page, Price, Session, Status, Trainer
from .outputs.search import bundle_folder

# A phone shows this many cards or sessions of a long list, then "show all" (static/css: .shortened).
PHONE_LIMIT = 6
View = TypeVar("View")


@dataclass(frozen=True)
class Place:
    name: str
    address: str  # one line: street, city
    map_url: str | None


@dataclass(frozen=True)
class SessionView:
    """One session (angkatan) as the public reads it, in one language."""

    id: str
    status: Status
    course_title: str
    course_url: str
    course_lang: str  # the language of the page the course link leads to
    category_key: str
    mode: Mode
    filter_modes: tuple[Mode, ...]  # Mode.found_under: the "how to take part" filters that find it
    month_key: str  # "2027-01", for grouping
    month: str  # "Januari 2027"
    start_iso: str
    dates: str  # "19–21 Januari 2027"
    times: str  # "08.00–16.00 WIB"
    daily: bool  # held on several days with the same hours
    days: int
    place: Place | None
    platform: str | None
    free: bool
    fee_filter: FeeFilter  # Session.fee_filter
    fee_text: str  # "Gratis" or "Rp150.000"
    quota: int | None
    seats_left: int | None  # only while one can register
    opens: str | None  # formatted registration days, only while they matter
    closes: str | None
    opens_later: str | None  # the day registration opens, while it has not yet
    opens_on: str | None  # the same day, short ("22 Juni"), for cards
    closes_on: str | None  # the last day of registration, short, while one can register
    register_url: str | None  # only while one can register
    calendar_url: str | None  # the session's own .ics, offered while Session.worth_a_calendar
    google_calendar_url: str | None
    contact: Contact | None
    note: str | None
    language: str  # of instruction
    upcoming: bool


@dataclass(frozen=True)
class CourseCard:
    """A course in a list: what one needs to decide whether to open it."""

    key: str
    url: str
    lang: str  # the language of the page the card leads to (another one when untranslated)
    title: str
    summary: str
    category_key: str
    category: str
    category_url: str
    level: Level | None
    mode: Mode | None
    duration_hours: float | None
    price: Price | None  # of all coming sessions: the catalogue's free/paid filters (Price.kinds)
    filter_modes: tuple[Mode, ...]  # Course.filter_modes: the "how to take part" filters that find it
    next_session: SessionView | None  # Course.next_session; its fee is shown
    open: bool  # some session is open for registration
    image: str | None = None  # the course's picture (its site path), shown above the title
    draft: bool = False  # shown only in the preview and with --drafts; marked


@dataclass(frozen=True)
class CategoryLink:
    key: str
    name: str
    description: str
    url: str
    count: int


@dataclass(frozen=True)
class TrainerView:
    name: str
    role: str | None
    bio: str | None


@dataclass(frozen=True)
class CourseView:
    card: CourseCard
    body: Body
    image: str | None
    audience: str | None
    prerequisites: tuple[str, ...]
    certificate: bool | None
    trainers: tuple[TrainerView, ...]
    tags: tuple[str, ...]
    decision: SessionView | None  # the session the decision box shows
    then: SessionView | None  # when one cannot register for it: the next session after it (Course.session_after)
    others: int  # how many other coming sessions there are
    upcoming: tuple[SessionView, ...]
    past: tuple[SessionView, ...]
    calendar_url: str | None  # all coming sessions
    related: tuple[CourseCard, ...]
    as_of: str


@dataclass(frozen=True)
class PageView:
    title: str
    summary: str | None
    body: Body
    draft: bool = False


@dataclass(frozen=True)
class Options:
    """The choices of the catalogue's and the agenda's filters."""

    categories: tuple[tuple[str, str], ...]
    levels: tuple[Level, ...] = tuple(Level)
    modes: tuple[Mode, ...] = tuple(Mode)
    fees: tuple[FeeFilter, ...] = tuple(FeeFilter)


@dataclass(frozen=True)
class HomeView:
    open_sessions: tuple[SessionView, ...]  # registration open, closing soonest first
    coming_sessions: tuple[SessionView, ...]  # the rest of what is coming, in Session.action_order
    next_opening: SessionView | None  # when nothing is open: the session whose registration opens first
    any_coming: bool  # some session is still to come or postponed (whether or not one can register)
    categories: tuple[CategoryLink, ...]
    course_count: int
    as_of: str


@dataclass(frozen=True)
class CatalogueView:
    cards: tuple[CourseCard, ...]  # in Course.action_order: what one can act on soonest first
    categories: tuple[CategoryLink, ...]
    options: Options
    next_opening: SessionView | None  # for "nothing open now": when registration opens next
    phone_limit: int  # cards shown on a phone before "show all"


@dataclass(frozen=True)
class CategoryView:
    name: str
    description: str
    cards: tuple[CourseCard, ...]


@dataclass(frozen=True)
class CategoriesView:
    categories: tuple[CategoryLink, ...]


@dataclass(frozen=True)
class ScheduleView:
    months: tuple[tuple[str, tuple[SessionView, ...]], ...]  # (month label, sessions), in order
    options: Options
    calendar_url: str
    as_of: str
    next_opening: SessionView | None  # for "nothing open now": when registration opens next
    count: int
    phone_limit: int  # sessions shown on a phone before "show all"


@dataclass(frozen=True)
class SearchView:
    pagefind_url: str  # this language's search index
    other_indexes: dict[str, str]  # language code -> its index, asked when this one finds nothing
    base: str


@dataclass(frozen=True)
class NotFoundView:
    languages: tuple[tuple[str, str, str], ...]  # (code, home URL, catalogue URL)


@dataclass(frozen=True)
class KeptViews:
    """The session views and course cards of the pages that list the whole catalogue (its list,
    its categories, the schedule), kept between builds: a saved session remakes its course's
    views, not the 12,000 of a 2,500-course catalogue. Each is kept under the digest of all it is
    made from — its course as listed (every field but the body: its sessions with their statuses,
    venues and trainers, its category; a session's view shows its course's title and summary),
    the language, the configuration (addresses, locales) and the UI strings — which is all that
    ``Views._session`` and ``Views._card`` read (tests/test_incremental.py and test_build.py change
    each of them and compare with a clean build). A course page makes its own views afresh: a text's save
    never reads these."""

    store: Store
    courses: CourseDigests
    strings: str  # digest of every language's UI strings
    # Per course and language: the digest of what its views are made from.
    _made_from: dict[tuple[str, str, str], str] = field(default_factory=dict, init=False, repr=False)

    def get(self, kind: str, course: Course, lang: str, ident: str, make: Callable[[], View]) -> View:
        """The view ``kind`` of ``ident`` (a session's id, a course's key) shown in ``lang``, of
        ``course``: kept, else made now by ``make``."""
        made_from = self._made_from.get((course.key, course.lang, lang))
        if made_from is None:
            made_from = self._made_from[(course.key, course.lang, lang)] = digest(
                "views", lang, self.courses.listed(course), self.courses.config, self.strings)
        key = f"{kind} {ident} {made_from}"
        found = self.store.get(key)
        if found is None:
            found = make()
            self.store.put(key, found)
        return found


class Views:
    """Builds the views of one site. Each session and course card is made once per language
    and shared by every page that shows it; with ``kept``, the lists' are taken from the
    previous build where what they are made from is unchanged."""

    def __init__(self, site: Site, strings: Strings, assets: Callable[[str], str | None] = lambda _name: None,
                 kept: KeptViews | None = None) -> None:
        self.site, self.strings, self.assets, self.kept = site, strings, assets, kept
        self.locales = {language.code: Locale.parse(language.locale) for language in site.config.languages}
        self._sessions: dict[tuple[str, str], SessionView] = {}
        self._formatted: dict[tuple[Any, ...], str] = {}
        self._cards: dict[tuple[str, str], CourseCard] = {}  # a dict, not functools.cache: no cycle through self
        self._quoted_values: dict[str, str] = {}  # query values of calendar links (_google_calendar)

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.strings.get(lang, key, **values)

    def fmt(self, name: str, lang: str, *values: Any) -> str:
        """A formatting function of ``formatting`` applied once per value and language: the same
        dates, times and fees recur across thousands of sessions."""
        # An aware datetime equals (and hashes as) the same instant in any zone: 09.00 WITA would
        # find 08.00 WIB. Its wall-clock text and zone are the key.
        key = (name, lang, *((v.isoformat(), str(v.tzinfo)) if isinstance(v, datetime) else v for v in values))
        found = self._formatted.get(key)
        if found is None:
            found = self._formatted[key] = getattr(formatting, name)(*values, self.locales[lang])
        return found

    def as_of(self, lang: str) -> str:
        return formatting.long_date(self.site.now, self.locales[lang])

    # Sessions ------------------------------------------------------------------------------

    def session(self, session: Session, lang: str) -> SessionView:
        key = (session.id, lang)
        if key not in self._sessions:
            self._sessions[key] = self._session(session, lang)
        return self._sessions[key]

    def _session(self, session: Session, lang: str) -> SessionView:
        urls = self.site.urls
        course = self.site.course(session.course, lang)
        if course is None:  # sessions of unpublished courses never reach the model's list
            raise LookupError(session.course)
        venue = session.venue
        place = Place(venue.name[lang], venue.street_line, venue.map_url) if venue else None
        calendar = urls.session_calendar(course.url, course.slug, session.id) if session.worth_a_calendar else None
        waiting = session.status is Status.NOT_YET_OPEN
        return SessionView(
            id=session.id, status=session.status, course_title=course.title, course_url=course.url,
            course_lang=course.lang, category_key=course.category.key, mode=session.mode,
            filter_modes=session.mode.found_under,
            month_key=session.month_key, month=self.fmt("month_year", lang, session.start.date().replace(day=1)),
            start_iso=session.start.isoformat(),
            dates=self.fmt("date_range", lang, session.start.date(), session.end.date()),
            times=f"{self.fmt('clock', lang, session.start)}–{self.fmt('clock', lang, session.end)} {session.zone}",
            daily=session.daily, days=session.days, place=place, platform=session.online_platform, free=session.free,
            fee_filter=session.fee_filter,
            fee_text=self.t(lang, "session_free") if session.free else self.fmt("money", lang, session.fee),
            quota=session.quota, seats_left=session.seats_left,
            opens=self._day(session.registration_opens, lang) if session.shows_registration else None,
            closes=self._day(session.registration_closes, lang) if session.shows_registration else None,
            opens_later=self._day(session.registration_opens, lang) if waiting else None,
            opens_on=self.fmt("day_month", lang, session.registration_opens)
            if waiting and session.registration_opens else None,
            closes_on=self.fmt("day_month", lang, session.registration_closes)
            if session.can_register and session.registration_closes else None,
            register_url=session.registration_url if session.can_register else None,
            calendar_url=calendar,
            google_calendar_url=self._google_calendar(session, course) if calendar else None,
            contact=session.contact, note=session.note[lang] if session.note else None,
            language=session.language, upcoming=session.upcoming,
        )

    def _google_calendar(self, session: Session, course: Course) -> str:
        """A link that opens Google Calendar with the session filled in (the first day's hours,
        repeated daily for a session over several days)."""
        first_end = datetime.combine(session.start.date(), session.end.timetz()) if session.daily else session.end
        fields = {"action": "TEMPLATE", "text": course.title, "dates": f"{_stamp(session.start)}/{_stamp(first_end)}",
                  "ctz": session.timezone, "details": f"{course.summary}\n\n{self.site.config.absolute(course.url)}"}
        if session.daily:
            fields["recur"] = f"RRULE:FREQ=DAILY;COUNT={session.days}"
        if session.venue:
            fields["location"] = session.venue.one_line(course.lang)
        return "https://calendar.google.com/calendar/render?" + "&".join(f"{name}={self._quoted(value)}"
                                                                         for name, value in fields.items())

    def _quoted(self, value: str) -> str:
        """A query value percent-encoded, once per build: a course's title, summary and venue recur
        in each of its sessions' links (a module-wide cache of 4,096 missed on large sites)."""
        found = self._quoted_values.get(value)
        if found is None:
            found = self._quoted_values[value] = quote(value, safe="")
        return found

    def _day(self, day: date | None, lang: str) -> str | None:
        return self.fmt("long_date", lang, day) if day else None

    def sessions(self, sessions: tuple[Session, ...] | list[Session], lang: str) -> tuple[SessionView, ...]:
        return tuple(self.session(s, lang) for s in sessions)

    def listed_session(self, session: Session, lang: str) -> SessionView:
        """A session of a list page: made once per build, or kept from the previous build (``kept``)."""
        return self._listed(self._sessions, "session view", session.course, session.id, lang,
                            lambda: self._session(session, lang))

    def _listed(self, made: dict[tuple[str, str], View], kind: str, course_key: str, ident: str, lang: str,
                make: Callable[[], View]) -> View:
        """A view of a list page: the one this build made (``made``, shared with the course pages),
        else the one kept (``kept``), else made now."""
        found = made.get((ident, lang))
        if found is None:
            course = self.site.course(course_key, lang)
            found = made[(ident, lang)] = make() if self.kept is None or course is None else \
                self.kept.get(kind, course, lang, ident, make)
        return found

    # Courses -------------------------------------------------------------------------------

    def card(self, key: str, lang: str) -> CourseCard:
        found = self._cards.get((key, lang))
        if found is None:
            found = self._cards[(key, lang)] = self._card(key, lang)
        return found

    def _card(self, key: str, lang: str, session: Callable[[Session, str], SessionView] | None = None) -> CourseCard:
        """``session``: how its next session's view is made (a list's cards share the list's)."""
        course = self.site.course(key, lang)
        if course is None:
            raise LookupError(key)
        following = course.next_session
        session = session or self.session
        return CourseCard(
            key=key, url=course.url, lang=course.lang, title=course.title, summary=course.summary,
            category_key=course.category.key, category=course.category.name[lang],
            category_url=self.site.urls.category(lang, course.category.key), level=course.level,
            mode=course.mode, duration_hours=course.duration_hours, price=course.price,
            filter_modes=course.filter_modes,
            next_session=session(following, lang) if following else None, open=course.has_open_session,
            image=course.image, draft=course.draft,
        )

    def cards(self, courses: list[Course], lang: str) -> tuple[CourseCard, ...]:
        """The cards of a list page: made once per build, or kept from the previous build (``kept``)."""
        return tuple(self.listed_card(c.key, lang) for c in courses)

    def listed_card(self, key: str, lang: str) -> CourseCard:
        return self._listed(self._cards, "course card", key, key, lang,
                            lambda: self._card(key, lang, self.listed_session))

    def course(self, course: Course) -> CourseView:
        lang, urls = course.lang, self.site.urls
        upcoming = self.sessions(course.upcoming_sessions, lang)
        card = self.card(course.key, lang)
        first = course.next_session or next(iter(course.upcoming_sessions), None)
        decision = self.session(first, lang) if first else None
        after = course.session_after(first) if first and not first.can_register else None
        return CourseView(
            card=card, body=course.body, image=course.image, audience=course.audience,
            prerequisites=course.prerequisites, certificate=course.certificate,
            trainers=tuple(_trainer(t, lang) for t in course.trainers), tags=course.tags,
            decision=decision, then=self.session(after, lang) if after else None,
            others=len(upcoming) - (1 if decision else 0), upcoming=upcoming,
            past=tuple(reversed(self.sessions(course.past_sessions, lang))),
            calendar_url=urls.course_calendar(course.url, course.slug) if upcoming else None,
            related=tuple(self.card(key, lang) for key in course.related), as_of=self.as_of(lang),
        )

    def page(self, page: Page) -> PageView:
        return PageView(page.title, page.summary, page.body, page.draft)

    # Lists ---------------------------------------------------------------------------------

    def categories(self, lang: str) -> tuple[CategoryLink, ...]:
        counts: dict[str, int] = {}
        for course in self.site.courses_in(lang):
            counts[course.category.key] = counts.get(course.category.key, 0) + 1
        return tuple(CategoryLink(c.key, c.name[lang], c.description[lang], self.site.urls.category(lang, c.key),
                                  counts.get(c.key, 0)) for c in self.site.categories_by_weight(lang))

    def options(self, lang: str) -> Options:
        return Options(tuple((c.key, c.name[lang]) for c in self.site.categories_by_weight(lang)))

    def home(self, lang: str, limit: int) -> HomeView:
        coming = sorted((s for s in self.site.upcoming_sessions() if s.status is not Status.RUNNING
                         and not s.status.called_off), key=lambda s: s.action_order)
        can_act = [s for s in coming if s.can_register]
        rest = [s for s in coming if not s.can_register]
        open_views = self.sessions(can_act[:limit], lang)
        return HomeView(open_sessions=open_views, coming_sessions=self.sessions(rest[: max(limit - len(open_views), 0)],
                                                                                 lang),
                        next_opening=self.next_opening(lang),
                        any_coming=any(s.status is not Status.CANCELLED for s in self.site.upcoming_sessions()),
                        categories=self.categories(lang), course_count=len(self.site.courses_in(lang)),
                        as_of=self.as_of(lang))

    def next_opening(self, lang: str) -> SessionView | None:
        """The session whose registration opens first, among those not yet open."""
        waiting = self.site.next_to_open
        return self.session(waiting, lang) if waiting else None

    def catalogue(self, lang: str) -> CatalogueView:
        courses = sorted(self.site.courses_in(lang), key=lambda c: c.action_order)
        return CatalogueView(self.cards(courses, lang), self.categories(lang), self.options(lang),
                             self.next_opening(lang), PHONE_LIMIT)

    def categories_view(self, lang: str) -> CategoriesView:
        return CategoriesView(self.categories(lang))

    def category(self, category: Category, members: list[Course], lang: str) -> CategoryView:
        ordered = sorted(members, key=lambda c: c.action_order)
        return CategoryView(category.name[lang], category.description[lang], self.cards(ordered, lang))

    def search(self, lang: str) -> SearchView:
        def bundle(code: str) -> str:
            return self.site.urls.root_file(bundle_folder(code) + "pagefind.js")

        others = {code: bundle(code) for code in self.site.config.language_codes if code != lang}
        return SearchView(bundle(lang), others, self.site.config.path_prefix)

    def not_found(self) -> NotFoundView:
        urls = self.site.urls
        return NotFoundView(tuple((code, urls.home(code), urls.section(code, "courses"))
                                  for code in self.site.config.language_codes))

    def schedule(self, lang: str) -> ScheduleView:
        months: dict[str, list[SessionView]] = {}
        for session in self.site.upcoming_sessions():
            view = self.listed_session(session, lang)
            months.setdefault(view.month_key, []).append(view)
        return ScheduleView(tuple((views[0].month, tuple(views)) for views in months.values()), self.options(lang),
                            self.site.urls.schedule_calendar(lang), self.as_of(lang), self.next_opening(lang),
                            sum(len(views) for views in months.values()), PHONE_LIMIT)

    def chrome(self, lang: str) -> Chrome:
        return make_chrome(self.site, lang, str(self.locales[lang]), self.logo(lang), self.t(lang, "home"))

    def logo(self, lang: str) -> tuple[str, str | None, str] | None:
        logo = self.site.config.logo
        if logo is None or self.assets(logo.svg) is None:
            return None
        return self.assets(logo.svg) or "", self.assets(logo.png) if logo.png else None, logo.alt[lang]


def _trainer(trainer: Trainer, lang: str) -> TrainerView:
    return TrainerView(trainer.name, trainer.role[lang] if trainer.role else None,
                       trainer.bio[lang] if trainer.bio else None)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


