"""Wagtail admin menu items shown only to the users who may open what they link to."""

from collections.abc import Callable

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown to users holding any of ``permissions``, or passing ``test``
    (a rule of lms.access such as ``sees_everything``)."""

    def __init__(
        self,
        *args,
        permissions: tuple[str, ...] = (),
        test: Callable[[object], bool] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.permissions = permissions
        self.test = test

    def is_shown(self, request):
        if self.test is not None:
            return self.test(request.user)
        return any(request.user.has_perm(permission) for permission in self.permissions)
