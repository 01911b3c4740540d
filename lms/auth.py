"""Sign in with a username, a phone number or an email address; throttling of sign-ins;
who may link a registry record to a user account.

Many officials have no email; their phone number is what they remember.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from lms import groups
from lms.lao import InvalidPhoneNumber, normalise_phone


class UsernamePhoneOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = self._find_user(username.strip())
        # Exactly one password hash on every path, so the time taken does not tell whether
        # a login exists: the account's hash, or a throwaway one when there is none to check.
        if user is None or not user.has_usable_password():
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def _find_user(self, login: str):
        users = get_user_model()._default_manager
        user = users.filter(username=login).first()
        if user is None and "@" in login:
            user = users.filter(email__iexact=login).order_by("pk").first()
        if user is None:
            try:
                phone = normalise_phone(login)
            except InvalidPhoneNumber:
                phone = ""
            if phone:
                user = users.filter(person__phone=phone).first()
        return user

    def get_group_permissions(self, user_obj, obj=None):
        """The groups' permissions and the groups' names in one query (every admin page asks
        for both: the permissions here, the names in lms.access), kept on the user for the
        request as Django keeps its own permission caches."""
        if user_obj.is_superuser or not user_obj.is_active or user_obj.is_anonymous or obj:
            return super().get_group_permissions(user_obj, obj)
        if not hasattr(user_obj, "_group_perm_cache"):
            rows = Group.objects.filter(user=user_obj).values_list(
                "name", "permissions__content_type__app_label", "permissions__codename"
            )
            rows = list(rows)
            user_obj._lms_group_names = frozenset(name for name, _app, _code in rows)
            user_obj._group_perm_cache = {f"{app}.{code}" for _name, app, code in rows if code}
        return user_obj._group_perm_cache


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first of the backends: a locked-out login and address is refused.

    A call without a request comes from code, not from a client (a management command, the
    test client's ``login()``): there is no address to throttle, so it is let through to the
    next backend instead of failing. Every sign-in view passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """The client's address, for sign-in throttling.

    Each of the TRUSTED_PROXY_COUNT proxies in front of the site appends the address it
    received the request from to X-Forwarded-For, so the client's is that many places from
    the end; anything further left was written by the client and is not believed.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def lockout_username(request, credentials) -> str:
    """The key that sign-in failures are counted under: the account's username when the login
    names one (typed as username, phone or email), else the login as typed, normalised.

    So "020 5555 1234", "2055551234" and the account's email share one counter.
    """
    login = ""
    if credentials:
        login = credentials.get("username") or ""
    elif request is not None:
        login = request.POST.get("username", "")
    login = str(login).strip()
    if not login:
        return ""
    user = UsernamePhoneOrEmailBackend()._find_user(login)
    if user is not None:
        return user.get_username()
    try:
        return normalise_phone(login) or login.casefold()
    except InvalidPhoneNumber:
        return login.casefold()


def learner_accounts():
    """Accounts a registry record may be linked to or given one-time codes for: active or not,
    never staff or superuser, and in no group other than Learners."""
    users = get_user_model()._default_manager
    return users.filter(is_staff=False, is_superuser=False).exclude(groups__in=_other_groups())


def _other_groups():
    from django.contrib.auth.models import Group

    return Group.objects.exclude(name=groups.LEARNERS)


def is_learner_account(user) -> bool:
    """Not staff, not superuser, and in no group but Learners."""
    return not (user.is_staff or user.is_superuser or _other_groups().filter(user=user).exists())


def account_link_error(user, person=None) -> str:
    """Why ``user`` may not be linked to the registry record ``person``; "" when it may."""
    if not is_learner_account(user):
        return str(
            _(
                "Only a learner's account can be linked to a person: this account is staff, "
                "a superuser or in a group other than Learners."
            )
        )
    from lms.models import Person

    others = Person.objects.filter(user=user)
    if person is not None and person.pk:
        others = others.exclude(pk=person.pk)
    if others.exists():
        return str(_("This account is already linked to another person."))
    return ""


def person_of(user):
    """The registry record of a signed-in user, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def signed_in_person(request):
    """The signed-in user's registry record; 404 for an account without one."""
    person = person_of(request.user)
    if person is None:
        # A staff account without a registry record has no learning of its own.
        raise Http404
    return person
