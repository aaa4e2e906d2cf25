"""The needs assessment guide as a field form (XLSForm) and its submissions imported as needs
assessments: assistance's adapter to the shared fieldwork import (ADR 0546)."""
