"""Sign in with a username, a phone number or an email address.

Many officials have no email; their phone number is what they remember.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from lms.lao import InvalidPhoneNumber, normalise_phone


class UsernamePhoneOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = self._find_user(username.strip())
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        # Spend the hashing time anyway, so timing does not reveal which logins exist.
        get_user_model()().set_password(password)
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
