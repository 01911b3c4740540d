"""Forms of the learner's account: registration and setting a password with a one-time code."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from courses.accounts.registration import Registration
from lms.lao import InvalidPhoneNumber, contains_lao, normalise_phone
from lms.models import Organisation, Province, Sector, Sex


class PasswordPairMixin:
    """Two password fields that must match and pass the project's validators."""

    def clean_password_pair(self, user):
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two password fields didn’t match."))
            return
        if first:
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class RegistrationForm(PasswordPairMixin, forms.Form):
    name_lo = forms.CharField(
        label=_("Name in Lao script"),
        max_length=200,
        help_text=_("Given name, then family name, as on your identity card."),
    )
    name_latin = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=200,
        help_text=_("For example: Manivanh Phommachanh"),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.select_related("sector"),
        required=False,
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all())
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("For example 020 5555 1234. You can sign in with it."),
    )
    email = forms.EmailField(label=_("Email (if you have one)"), required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_name_lo(self):
        name = " ".join(self.cleaned_data["name_lo"].split())
        if not contains_lao(name):
            raise forms.ValidationError(_("Write your name in Lao script."))
        return name

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhoneNumber:
            raise forms.ValidationError(
                _("Enter a valid phone number, for example 020 5555 1234.")
            ) from None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not self.has_error("phone"):
            self.add_error("phone", _("Give a phone number or an email address."))
        organisation, sector = cleaned.get("organisation"), cleaned.get("sector")
        if organisation and sector and organisation.sector_id != sector.pk:
            self.add_error("organisation", _("This organisation belongs to another sector."))
        User = get_user_model()
        user = User(
            username=cleaned.get("phone") or cleaned.get("email") or "",
            email=cleaned.get("email") or "",
            first_name=cleaned.get("name_latin") or "",
        )
        self.clean_password_pair(user)
        return cleaned

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            name_lo=data["name_lo"],
            name_latin=data["name_latin"].strip(),
            sex=data["sex"],
            sector=data["sector"],
            organisation=data["organisation"],
            province=data["province"],
            position=data["position"].strip(),
            phone=data["phone"],
            email=data["email"].strip(),
            password=data["password1"],
        )


class AccessCodeForm(PasswordPairMixin, forms.Form):
    login = forms.CharField(label=_("Phone, email or username"), max_length=150)
    code = forms.CharField(
        label=_("One-time code"), max_length=20, help_text=_("The code your trainer gave you.")
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        self.clean_password_pair(get_user_model()(username=cleaned.get("login") or ""))
        return cleaned
