from django.urls import path

from amanat.accounts import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/otp/setup/", views.otp_setup_view, name="otp_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("admin/organisations/", admin_views.organisations, name="admin_organisations"),
    path("admin/users/", admin_views.users, name="admin_users"),
    path(
        "admin/users/<int:user_id>/<slug:action>/",
        admin_views.user_action,
        name="admin_user_action",
    ),
    path("admin/audit/", admin_views.audit_log, name="admin_audit"),
]
