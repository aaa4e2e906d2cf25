"""Plain dicts for the API (and templates) from referral objects. No access logic here."""

from __future__ import annotations

from amanat.referrals import codes
from amanat.referrals.matching.weights import load_weights
from amanat.referrals.matching_text import factor_detail, note_text
from amanat.referrals.models import DirectoryService, Need, Referral


def service_dict(s: DirectoryService) -> dict:
    return {
        "id": s.pk,
        "service_type": s.service_type,
        "country": s.country,
        "regions": s.regions,
        "genders": s.genders,
        "age_min": s.age_min,
        "age_max": s.age_max,
        "languages": s.languages,
        "capacity": s.capacity,
        "available": s.available,
        "accepting": s.accepting,
        "hours": s.hours,
    }


def organisation_dict(org) -> dict:
    profile = getattr(org, "directory_profile", None)
    return {
        "id": org.pk,
        "name": org.name,
        "country": org.country,
        "region": org.region,
        "org_type": org.org_type,
        "core_functions": profile.core_functions if profile else "",
        "nrm_role": profile.nrm_role if profile else "",
        "services": [service_dict(s) for s in getattr(org, "listed", [])],
    }


def need_dict(n: Need) -> dict:
    return {
        "id": n.pk,
        "case": n.case_id,
        "service_type": n.service_type,
        "urgency": n.urgency,
        "status": n.status,
        "source": n.source,
        "reason": n.reason,
        "created_at": n.created_at,
    }


def _org(org) -> dict:
    return {"id": org.pk, "name": org.name, "country": org.country}


def referral_summary(r: Referral) -> dict:
    flags = getattr(r, "flags", None)
    return {
        "id": r.pk,
        "case_code": r.case.code,
        "state": r.state,
        "services": r.services,
        "urgency": r.urgency,
        "from_organisation": _org(r.from_organisation),
        "to_organisation": _org(r.to_organisation),
        "transnational": r.transnational,
        "created_at": r.created_at,
        "sent_at": r.sent_at,
        "due_at": r.due_at,
        "answered_at": r.answered_at,
        "closed_at": r.closed_at,
        "overdue": bool(flags and flags.overdue),
        "due_soon": bool(flags and flags.due_soon),
    }


def referral_detail_dict(r: Referral) -> dict:
    data = referral_summary(r)
    sender = r.side == "sender"
    data.update(
        {
            "case": r.case_id if sender else None,
            "side": r.side,
            "allowed_actions": r.actions,
            "reason": r.reason if r.can_read_reason else None,
            "shared_fields": r.shared_fields,
            "sharing_in_force": r.sharing["in_force"],
            "sharing_stopped_reason": r.sharing["reason"],
            "legal_basis": r.legal_basis,
            "legal_basis_note": r.legal_basis_note if sender else None,
            "consent_override": r.consent_override,
            "override_justification": r.override_justification if sender else None,
            "decline_reason": r.decline_reason,
            "outcome_note": r.outcome_note,
            "needs": [n.pk for n in r.needs.all()] if sender else [],
            "started_at": r.started_at,
            "sender_snapshot": r.sender_snapshot,
            "recipient_snapshot": r.recipient_snapshot,
            "transitions": [
                {
                    "action": t.action,
                    "from": t.from_state,
                    "to": t.to_state,
                    "side": t.side,
                    "at": t.at,
                    "actor": t.actor.username if t.actor else None,
                    "flagged": t.flagged,
                    "sender": t.sender_snapshot,
                    "recipient": t.recipient_snapshot,
                }
                for t in r.history
            ],
            "notes": [
                {"id": n.pk, "text": n.text, "created_at": n.created_at} for n in r.own_notes
            ],
        }
    )
    return data


def ranking_dicts(result, *, language: str = "en") -> list[dict]:
    labels = load_weights().factor_labels
    out = []
    for need, ranking in zip(result.needs, result.rankings, strict=True):
        matches = []
        for m in ranking.matches:
            service = result.services.get(m.service_id)
            org = result.organisations.get(m.organisation_id)
            matches.append(
                {
                    "rank": m.rank,
                    "score": round(m.score, 4),
                    "service_id": int(m.service_id),
                    "service_type": m.service_type,
                    "organisation": _org(org) if org else {"id": int(m.organisation_id)},
                    "accepting": service.accepting if service else None,
                    "factors": [
                        {
                            "code": f.code,
                            "label": labels[f.code].get(language, labels[f.code]["en"]),
                            "value": round(f.value, 4),
                            "weight": round(f.weight, 4),
                            "contribution": round(f.contribution, 4),
                            "detail": f.detail,  # English, as before
                            # Added: the reason as data and in the request's language.
                            "reason": f.reason,
                            "params": f.params,
                            "detail_text": factor_detail(f),
                        }
                        for f in m.factors
                    ],
                }
            )
        out.append(
            {
                "need": need.pk,
                "service_type": need.service_type,
                "service_type_label": codes.service_type_label(need.service_type),
                "urgency": need.urgency,
                "considered": ranking.considered,
                "eligible": ranking.eligible,
                "notes": list(ranking.notes),  # English, as before
                "note_codes": list(ranking.note_codes),
                "notes_text": [note_text(code) for code in ranking.note_codes],
                "matches": matches,
            }
        )
    return out
