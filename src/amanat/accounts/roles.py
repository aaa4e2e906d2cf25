"""Roles and what each may do. One table, read by every access function."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    # Approves other case workers' requests; usually held with case_manager (ADR 1620).
    SUPERVISOR = "supervisor", _("Supervisor")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement officer")
    NRM_COORDINATOR = "nrm_coordinator", _("NRM coordinator")
    RESEARCHER = "researcher", _("Researcher / analyst")
    # Statistics and analyses across every country, granted by an administrator (ADR 1504).
    REGIONAL_RESEARCHER = "regional_researcher", _("Regional researcher (all countries)")
    TRAINER = "trainer", _("Trainer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Perm:
    """Permission names. Object-level rules (which organisation) live in each access function."""

    CASE_VIEW = "case.view"
    CASE_CREATE = "case.create"
    CASE_UPDATE = "case.update"
    CASE_DECIDE_STATUS = "case.decide_status"
    # Approve or return another user's request (trafficking-status decision, closure, support
    # plan) when the organisation requires approval for it (ADR 1620).
    CASE_APPROVE = "case.approve"
    CONSENT_RECORD = "consent.record"
    REFERRAL_CONSENT_OVERRIDE = "referral.consent_override"
    STATS_VIEW = "stats.view"
    # Analyses across every country; without it they cover the user's organisation's country
    # (ADR 1504). Held only through the regional researcher role an administrator grants.
    STATS_ALL_COUNTRIES = "stats.all_countries"
    TRAINING_MANAGE = "training.manage"
    DIRECTORY_MANAGE = "directory.manage"
    ORG_MANAGE = "org.manage"
    USER_MANAGE = "user.manage"
    AUDIT_VERIFY = "audit.verify"
    # Bulk export of identifiable case data (names, documents, contacts) to another system, and
    # the second person's approval of such an export above the cap (ADR 0665).
    EXPORT_IDENTIFIABLE = "export.identifiable"
    EXPORT_APPROVE = "export.approve"
    # The "possibly the same person" queue across organisations: see pseudonymous case codes of
    # every organisation's possible matches, confirm, reject and undo person links (ADR 0140).
    PERSONS_LINK = "persons.link"
    # Export and import of the translators' workbooks (interface and content; ADR 1403).
    TRANSLATIONS_MANAGE = "translations.manage"


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CASE_MANAGER: frozenset(
        {
            Perm.CASE_VIEW,
            Perm.CASE_CREATE,
            Perm.CASE_UPDATE,
            Perm.CASE_DECIDE_STATUS,
            Perm.CONSENT_RECORD,
            Perm.EXPORT_IDENTIFIABLE,
            Perm.EXPORT_APPROVE,
        }
    ),
    # Approval only (ADR 1620): a working supervisor holds it beside case_manager, so giving
    # someone the right to approve changes nothing else they may do (exports included).
    Role.SUPERVISOR: frozenset({Perm.CASE_VIEW, Perm.CASE_APPROVE}),
    # Service providers and law enforcement hold cases but may not export them in bulk.
    Role.SERVICE_PROVIDER: frozenset({Perm.CASE_VIEW, Perm.CASE_UPDATE, Perm.CONSENT_RECORD}),
    # Screens and refers; sees only cases its own organisation holds.
    Role.LAW_ENFORCEMENT: frozenset(
        {Perm.CASE_VIEW, Perm.CASE_CREATE, Perm.CASE_DECIDE_STATUS, Perm.CONSENT_RECORD}
    ),
    Role.NRM_COORDINATOR: frozenset(
        {
            Perm.CASE_VIEW,
            Perm.CASE_DECIDE_STATUS,
            Perm.REFERRAL_CONSENT_OVERRIDE,
            Perm.STATS_VIEW,
            Perm.DIRECTORY_MANAGE,
            Perm.PERSONS_LINK,
        }
    ),
    # Non-identifying data only: no case permission at all.
    Role.RESEARCHER: frozenset({Perm.STATS_VIEW}),
    Role.REGIONAL_RESEARCHER: frozenset({Perm.STATS_VIEW, Perm.STATS_ALL_COUNTRIES}),
    Role.TRAINER: frozenset({Perm.TRAINING_MANAGE}),
    # Separation of duties: administrators manage the system, not cases; they may approve an
    # export of their organisation (without reading it), never make one.
    Role.ADMINISTRATOR: frozenset(
        {
            Perm.ORG_MANAGE,
            Perm.USER_MANAGE,
            Perm.AUDIT_VERIFY,
            Perm.DIRECTORY_MANAGE,
            Perm.EXPORT_APPROVE,
            Perm.TRANSLATIONS_MANAGE,
        }
    ),
}


def permissions_for(roles) -> frozenset[str]:
    result: set[str] = set()
    for role in roles:
        result |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(result)
