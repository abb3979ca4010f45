"""Reads about counters (loket), scoped to what a user may see or act on."""

from django.db.models import Count, Prefetch, Q, QuerySet

from agencies.models import Agency, Booth, User
from counters.models import Counter, CounterSession
from mpp.lib.errors import NotAllowed
from mpp.lib.rows import columns, first_joined


def user_may_operate(*, user: User, agency_id: int) -> bool:
    """Officers act on their own agency's counters; managers on all."""
    if not user.is_authenticated:
        return False
    if user.is_manager:
        return True
    return user.role == User.Role.OFFICER and user.agency_id == agency_id


# Every console and counter API request starts here: hand-written (mpp.lib.rows), as the
# ORM's select_related of three tables cost more to compile than to run.
_COUNTER_SQL = f"""
SELECT {columns(Counter, "c")}, {columns(Booth, "b")}, {columns(Agency, "a")}
FROM counters_counter c
JOIN agencies_booth b ON b.id = c.booth_id
JOIN agencies_agency a ON a.id = b.agency_id
WHERE c.id = %s"""  # noqa: S608 (column names from the models; the id is a parameter)


def counter_get_for_user(*, user: User, counter_id: int) -> Counter:
    """The counter (with its booth and agency), if `user` may operate it;
    Counter.DoesNotExist or NotAllowed otherwise."""
    if not 0 < counter_id < 2**63:  # no such id; the database would refuse the number
        raise Counter.DoesNotExist(f"counter {counter_id}")
    counter = first_joined(_COUNTER_SQL, [counter_id], Counter, Booth, Agency)
    if counter is None:
        raise Counter.DoesNotExist(f"counter {counter_id}")
    if not user_may_operate(user=user, agency_id=counter.booth.agency_id):
        raise NotAllowed()
    return counter


def counters_for_user(*, user: User) -> QuerySet[Counter]:
    counters = Counter.objects.select_related("booth__agency").filter(is_active=True)
    if user.is_manager:
        return counters
    if user.agency_id is None:
        return counters.none()
    return counters.filter(booth__agency_id=user.agency_id)


def counter_open_session(*, counter: Counter) -> CounterSession | None:
    return CounterSession.objects.filter(counter=counter, closed_at__isnull=True).first()


def agency_list() -> QuerySet[Agency]:
    """Agencies with their booths and each booth's active counters (the API's catalog)."""
    counters = Counter.objects.filter(is_active=True).prefetch_related("services")
    booths = Booth.objects.prefetch_related(Prefetch("counters", queryset=counters))
    return Agency.objects.annotate(
        service_count=Count("services", filter=Q(services__is_active=True), distinct=True)
    ).prefetch_related(Prefetch("booths", queryset=booths))
