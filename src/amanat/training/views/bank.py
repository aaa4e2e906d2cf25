"""The item bank, test forms and evaluation forms."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amanat.core.web import form_call
from amanat.training import access, forms, selectors, services
from amanat.training import results as training_results

from ._common import trainer_required


@trainer_required
def items(request):
    bank = list(access.items_visible_to(request.user))
    return render(request, "training/items.html", {"items": bank})


def _item_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("code", None)
    return data


@trainer_required
def item_new(request):
    form = forms.ItemForm(request.POST or None, initial={"language": "ru", "max_points": 1})
    if request.method == "POST" and form.is_valid():
        ok, _item = form_call(
            form,
            services.item_create,
            user=request.user,
            code=form.cleaned_data["code"],
            data=_item_data(form),
            request=request,
            success=_("Item added to the bank."),
        )
        if ok:
            return redirect("training:items")
    return render(request, "training/item_form.html", {"form": form, "item": None})


def _options_text(options) -> str:
    return "\n".join(f"{o['key']}) {o['text']}" for o in options)


@trainer_required
def item_edit(request, item_id):
    item = access.item_get(request.user, item_id)
    initial = {
        name: getattr(item, name)
        for name in (
            "code",
            "text",
            "item_type",
            "correct_answer",
            "max_points",
            "scoring",
            "module",
            "topic",
            "language",
            "is_active",
        )
    }
    initial["options"] = _options_text(item.options)
    form = forms.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _item = form_call(
            form,
            services.item_update,
            user=request.user,
            item_id=item.pk,
            changes=_item_data(form),
            request=request,
            success=_("Changes saved."),
        )
        if ok:
            return redirect("training:items")
    return render(request, "training/item_form.html", {"form": form, "item": item})


@trainer_required
def test_forms(request):
    bank = selectors.active_items(request.user)
    form = forms.TestFormForm(request.POST or None, items=bank, initial={"language": "ru"})
    if request.method == "POST" and form.is_valid():
        ok, created = form_call(
            form,
            services.test_form_create,
            user=request.user,
            title=form.cleaned_data["title"],
            language=form.cleaned_data["language"],
            item_ids=form.cleaned_data["items"],
            request=request,
            success=_("Test form created."),
        )
        if ok:
            return redirect("training:test_form", form_id=created.pk)
    return render(
        request,
        "training/test_forms.html",
        {"forms_list": list(access.test_forms_visible_to(request.user)), "form": form},
    )


@trainer_required
def test_form_detail(request, form_id):
    test_form = access.test_form_get(request.user, form_id)
    current = training_results.form_items(test_form)
    bank = selectors.active_items(request.user)
    bank += [i for i in current if i not in bank]
    form = forms.TestFormForm(
        request.POST or None,
        items=bank,
        initial={
            "title": test_form.title,
            "language": test_form.language,
            "items": [i.pk for i in current],
        },
    )
    if request.method == "POST" and form.is_valid():
        ok, _form = form_call(
            form,
            services.test_form_set_items,
            user=request.user,
            form_id=test_form.pk,
            item_ids=form.cleaned_data["items"],
            request=request,
            success=_("Changes saved."),
        )
        if ok:
            return redirect("training:test_form", form_id=test_form.pk)
    return render(
        request,
        "training/test_form_detail.html",
        {
            "test_form": test_form,
            "items": current,
            "form": form,
            "max_score": sum(i.max_points for i in current),
        },
    )


@trainer_required
def evaluation_forms(request):
    form = forms.EvaluationFormForm(
        request.POST or None, initial={"language": "ru", "scale_max": 5}
    )
    if request.method == "POST" and form.is_valid():
        ok, _form = form_call(
            form,
            services.evaluation_form_create,
            user=request.user,
            title=form.cleaned_data["title"],
            language=form.cleaned_data["language"],
            scale_max=form.cleaned_data["scale_max"],
            questions=form.questions(),
            request=request,
            success=_("Evaluation form created."),
        )
        if ok:
            return redirect("training:evaluation_forms")
    return render(
        request,
        "training/evaluation_forms.html",
        {
            "forms_list": selectors.evaluation_forms(request.user),
            "form": form,
        },
    )
