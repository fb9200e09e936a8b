"""schema.org structured data for search engines: Course, CourseInstance, ItemList."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..assemble import Site
from ..model import Course, Price, Session, Status

COURSE_MODE = {"offline": "Onsite", "online": "Online", "hybrid": "Blended"}
EVENT_STATUS = {"cancelled": "https://schema.org/EventCancelled", "postponed": "https://schema.org/EventPostponed"}


def provider(site: Site, lang: str) -> dict[str, Any]:
    office = site.config.office
    return {
        "@type": "GovernmentOrganization",
        "name": office.name[lang],
        "url": site.config.absolute(site.urls.home(lang)),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": office.address,
            "addressLocality": office.city,
            "addressRegion": office.region,
            "postalCode": office.postal_code,
            "addressCountry": "ID",
        },
    }


def course(site: Site, item: Course) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": item.title,
        "description": item.summary,
        "url": site.config.absolute(item.url),
        "inLanguage": item.lang,
        "provider": provider(site, item.lang),
        "about": item.category.name[item.lang],
    }
    price = item.price
    if price is not None:  # with no coming session, nothing is said about the fee
        data["isAccessibleForFree"] = price.free
        data["offers"] = _course_offer(price)
    if item.level:
        data["educationalLevel"] = item.level.capitalize()
    if item.duration_hours:
        data["timeRequired"] = f"PT{_hours(item.duration_hours)}H"
    if item.certificate:
        data["educationalCredentialAwarded"] = "Certificate"
    if item.tags:
        data["keywords"] = ", ".join(item.tags)
    if item.image:
        data["image"] = site.config.absolute(item.image)
    if item.sessions:
        data["hasCourseInstance"] = [course_instance(site, item, s) for s in item.sessions]
    return data


def course_instance(site: Site, item: Course, session: Session) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODE[session.mode],
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "inLanguage": session.language,
        "offers": {
            "@type": "Offer",
            "price": session.fee,
            "priceCurrency": "IDR",
            "category": "Free" if session.free else "Paid",
            "availability": "https://schema.org/SoldOut" if session.status is Status.FULL
            else "https://schema.org/InStock",
            "url": session.registration_url or site.config.absolute(item.url),
        },
    }
    if session.registration_closes:
        data["offers"]["validThrough"] = session.registration_closes.isoformat()
    if session.registration_opens:
        data["offers"]["validFrom"] = session.registration_opens.isoformat()
    if item.duration_hours:
        data["courseWorkload"] = f"PT{_hours(item.duration_hours)}H"
    data["courseSchedule"] = {
        "@type": "Schedule",
        "startDate": session.start.date().isoformat(),
        "endDate": session.end.date().isoformat(),
        "startTime": session.start.strftime("%H:%M"),
        "endTime": session.end.strftime("%H:%M"),
        "scheduleTimezone": session.timezone,
        "repeatFrequency": "P1D",
    }
    if session.declared_status in EVENT_STATUS:
        data["eventStatus"] = EVENT_STATUS[session.declared_status]
    locations: list[dict[str, Any]] = []
    if session.venue:
        venue = session.venue
        locations.append({
            "@type": "Place",
            "name": venue.name[item.lang],
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "addressLocality": venue.city,
                "addressRegion": venue.region,
                "postalCode": venue.postal_code,
                "addressCountry": "ID",
            },
        })
    if session.online_platform:
        locations.append({"@type": "VirtualLocation", "name": session.online_platform})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    return data


def item_list(site: Site, courses: Sequence[Course]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "url": site.config.absolute(c.url), "name": c.title}
            for i, c in enumerate(courses, start=1)
        ],
    }


def breadcrumbs(site: Site, trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": site.config.absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def _course_offer(price: Price) -> dict[str, Any]:
    """What taking the course costs across its coming sessions: free, one price, or a range."""
    if price.free:
        return {"@type": "Offer", "category": "Free", "price": 0, "priceCurrency": "IDR"}
    if price.low == price.high:
        return {"@type": "Offer", "category": "Paid", "price": price.low, "priceCurrency": "IDR"}
    return {"@type": "AggregateOffer", "lowPrice": price.low, "highPrice": price.high, "priceCurrency": "IDR"}


def _hours(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
