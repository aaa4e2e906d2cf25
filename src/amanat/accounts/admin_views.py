"""Administration pages: organisations, users, the audit log. Administrators only."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from amanat.accounts import selectors, services
from amanat.accounts.denials import recent_alerts
from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm, Role
from amanat.core import geography, vocabularies
from amanat.core.web import form_call, message_call
from amanat.privacy.audit import audit_record, audit_verify


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
        ok, org = form_call(
            form, services.organisation_create, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Organisation %(name)s created.") % {"name": org.name})
            return redirect("accounts:admin_organisations")
    rows = selectors.organisations_all()
    return render(request, "accounts/admin_organisations.html", {"form": form, "rows": rows})


@login_required
@sensitive_post_parameters()
def users(request):
    _require(request, Perm.USER_MANAGE)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, user = form_call(
            form,
            services.user_create,
            actor=request.user,
            username=data["username"],
            organisation=data["organisation"],
            roles=data["roles"],
            password=data["password"],
            email=data["email"],
        )
        if ok:
            messages.success(request, _("User %(name)s created.") % {"name": user.username})
            return redirect("accounts:admin_users")
    rows = selectors.users_for_admin()
    return render(request, "accounts/admin_users.html", {"form": form, "rows": rows})


# The buttons on the users page: each calls one service with (actor=, user=).
USER_ACTIONS = {
    "deactivate": partial(services.user_set_active, active=False),
    "activate": partial(services.user_set_active, active=True),
    "unlock": services.user_unlock,
    "lock": services.user_lock,
    "reset-totp": services.user_reset_totp,
}


@login_required
@require_POST
def user_action(request, user_id: int, action: str):
    _require(request, Perm.USER_MANAGE)
    service = USER_ACTIONS.get(action)
    if service is None:
        raise Http404
    target = selectors.user_get(user_id)
    message_call(request, service, actor=request.user, user=target, success=_("Done."))
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
    action = request.GET.get("action", "").strip()
    events = selectors.audit_events(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page", 1))
    return render(
        request,
        "accounts/admin_audit.html",
        {"page": page, "result": result, "action": action, "alerts": recent_alerts()[:20]},
    )
