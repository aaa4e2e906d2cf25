"""Administration pages: organisations, users, the audit log. Administrators only."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from amanat.accounts import services
from amanat.accounts.denials import recent_alerts
from amanat.accounts.models import Organisation, User
from amanat.accounts.roles import Perm, Role
from amanat.accounts.throttle import account_key, throttled_account_keys
from amanat.core import geography, vocabularies
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record, audit_verify
from amanat.privacy.models import AuditEvent


def _require(request, permission: str) -> None:
    if not request.user.can(permission):
        raise Http404


class OrganisationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    org_type = forms.ChoiceField(label=gettext_lazy("Type"))
    country = forms.ChoiceField(label=gettext_lazy("Country"))
    region = forms.CharField(
        label=gettext_lazy("Region (ISO 3166-2 code)"), max_length=10, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_type"].choices = vocabularies.choices("organisation_type")
        self.fields["country"].choices = geography.country_choices()


class UserForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    password = forms.CharField(label=gettext_lazy("Initial password"), widget=forms.PasswordInput)


@login_required
def organisations(request):
    _require(request, Perm.ORG_MANAGE)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Organisation %(name)s created.") % {"name": org.name})
            return redirect("accounts:admin_organisations")
    rows = Organisation.objects.order_by("country", "name")
    return render(request, "accounts/admin_organisations.html", {"form": form, "rows": rows})


@login_required
@sensitive_post_parameters()
def users(request):
    _require(request, Perm.USER_MANAGE)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                organisation=data["organisation"],
                roles=data["roles"],
                password=data["password"],
                email=data["email"],
            )
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("User %(name)s created.") % {"name": user.username})
            return redirect("accounts:admin_users")
    rows = list(
        User.objects.select_related("organisation")
        .prefetch_related("role_rows")
        .order_by("username")
    )
    throttled = throttled_account_keys()
    for row in rows:
        row.is_throttled = account_key(row.username) in throttled
    return render(request, "accounts/admin_users.html", {"form": form, "rows": rows})


@login_required
@require_POST
def user_action(request, user_id: int, action: str):
    _require(request, Perm.USER_MANAGE)
    target = get_object_or_404(User, pk=user_id)
    try:
        if action == "deactivate":
            services.user_set_active(actor=request.user, user=target, active=False)
        elif action == "activate":
            services.user_set_active(actor=request.user, user=target, active=True)
        elif action == "unlock":
            services.user_unlock(actor=request.user, user=target)
        elif action == "lock":
            services.user_lock(actor=request.user, user=target)
        elif action == "reset-totp":
            services.user_reset_totp(actor=request.user, user=target)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("accounts:admin_users")


@login_required
def audit_log(request):
    _require(request, Perm.AUDIT_VERIFY)
    result = None
    if request.method == "POST":
        result = audit_verify()
        audit_record(
            actor=request.user,
            action="audit.verify",
            object_type="audit",
            extra={"ok": result.ok, "checked": result.checked},
        )
    events = AuditEvent.objects.order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page", 1))
    return render(
        request,
        "accounts/admin_audit.html",
        {"page": page, "result": result, "action": action, "alerts": recent_alerts()[:20]},
    )
