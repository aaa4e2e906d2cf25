"""`amanat.core.web`: a domain error lands on the field it names, across the forms shown together."""

from __future__ import annotations

import pytest
from django import forms

from amanat.core.web import attach_error, form_call
from amanat.errors import Conflict, NotFound, ValidationError


class PersonForm(forms.Form):
    first_name = forms.CharField(required=False)


class CaseForm(forms.Form):
    narrative = forms.CharField(required=False)


def _forms():
    person, case = PersonForm({}), CaseForm({})
    assert person.is_valid() and case.is_valid()
    return person, case


def test_the_error_goes_to_the_form_that_has_the_field():
    person, case = _forms()
    attach_error([person, case], ValidationError("Too long.", field="narrative"))
    assert case.errors == {"narrative": ["Too long."]}
    assert person.errors == {}


def test_an_unknown_or_missing_field_goes_to_the_first_form_as_a_whole():
    person, case = _forms()
    attach_error([person, case], Conflict("Closed.", field="status"))
    assert person.non_field_errors() == ["Closed."]
    assert case.errors == {}


def test_form_call_attaches_and_reports_failure_but_lets_not_found_through():
    person, case = _forms()

    def refuse(**kwargs):
        raise ValidationError("No.", field="first_name")

    assert form_call([person, case], refuse) == (False, None)
    assert person.errors == {"first_name": ["No."]}

    def missing(**kwargs):
        raise NotFound()

    with pytest.raises(NotFound):
        form_call(person, missing)
