"""factory-boy factories: rows written straight through the ORM, without the audited services.

Use them for the *preconditions* of a test that is not about the service that would normally
write the row (a page, a selector, a permission check, an export). Tests of a service keep the
service path (tests/fixtures.py: make_org, make_user, make_case). What a factory does not write:
audit events and timeline events; a test that reads those must build its data through services.

Encrypted fields are encrypted by the model fields themselves on save; blind indexes use the
privacy helpers (amanat.privacy.crypto), the same calls the case service makes
(tests/test_factories.py proves the rows match the service's).
"""

from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.cases import CaseFactory, ConsentFactory, PersonFactory

__all__ = [
    "CaseFactory",
    "ConsentFactory",
    "OrganisationFactory",
    "PersonFactory",
    "UserFactory",
]
