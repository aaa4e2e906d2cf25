"""The fictional content of the assistance demo: what each profile of person said they need,
their plan's objectives and type, the actions and their costs. Every text is fictional."""

# Needs assessment answers by profile: what the person said they need.
PROFILES = {
    "man_labour": {
        "safety": "no_need",
        "shelter": "needed",
        "food_and_basics": "needed",
        "medical_now": "needed",
        "documents": "urgent",
        "family_contact": "unsure",
        "ongoing_health": "needed",
        "distress": "needed",
        "shame_and_stigma": "needed",
        "unpaid_wages": "urgent",
        "legal_status": "needed",
        "income_and_work": "urgent",
        "skills_training": "needed",
        "debts": "needed",
    },
    "woman": {
        "safety": "urgent",
        "shelter": "urgent",
        "medical_now": "needed",
        "sexual_reproductive_health": "needed",
        "documents": "needed",
        "family_contact": "declined",
        "distress": "needed",
        "shame_and_stigma": "needed",
        "criminal_proceedings": "needed",
        "income_and_work": "needed",
        "small_business": "needed",
        "housing": "needed",
    },
    "child": {
        "safety": "needed",
        "shelter": "urgent",
        "guardian": "urgent",
        "medical_now": "needed",
        "family_contact": "needed",
        "distress": "needed",
        "schooling": "needed",
        "support_network": "needed",
    },
}
OBJECTIVES = {
    "man_labour": "Recover documents and unpaid wages, treat the back injury, find paid work "
    "near home so he does not have to migrate again (fictional demo).",
    "woman": "A safe place to live, medical care, and her own income from sewing (fictional demo).",
    "child": "Safe care, back to school, and a family assessment before any return "
    "(fictional demo).",
}
PLAN_TYPE = {
    "man_labour": "LabourExploitationRehabilitation",
    "woman": "SexualExploitationRehabilitation",
    "child": "SocialCare",
}
ACTION_TEXT = {
    "shelter": "Room in the shelter for up to three months (demo).",
    "medical_care": "Medical examination and follow-up treatment (demo).",
    "document_recovery": "Apply for a replacement passport (demo).",
    "legal_aid": "Legal advice and a claim for unpaid wages (demo).",
    "job_placement": "Job counselling and introductions to employers (demo).",
    "psychosocial_support": "Weekly counselling sessions (demo).",
    "child_protection": "Guardian appointed with the child-protection authority (demo).",
    "education": "Enrolment at the local school (demo).",
    "law_enforcement_protection": "Safety plan agreed with the police (demo).",
    "vocational_training": "Three-month course in welding (demo).",
    "business_startup": "Small grant and training to start a business (demo).",
    "cash_assistance": "Food vouchers and basic items (demo).",
}
COSTS = {
    "shelter": ("45000", "KZT"),
    "medical_care": ("18000", "KZT"),
    "document_recovery": ("9000", "KZT"),
    "cash_assistance": ("25000", "KZT"),
    "vocational_training": ("120", "USD"),
    "business_startup": ("800", "USD"),
}
