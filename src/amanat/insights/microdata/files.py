"""Write microdata (SPSS .sav, Stata .dta with pyreadstat; CSV) and its codebook (XLSX, DOCX).

SPSS and Stata files hold integer codes with variable and value labels, the suppressed and
"not recorded" codes declared as user-missing in SPSS; the CSV holds the text codes (the
codebook gives their labels). Every file is written owner-only (`config.files`).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from amanat.config.files import open_private
from amanat.insights.i18n import pgettext_lazy, text
from amanat.insights.microdata.build import RECORD_ID, Microdata
from amanat.insights.microdata.spec import load_spec

FORMATS = ("sav", "dta", "csv")
STATA_LABEL_MAX = 80  # Stata's limit on a variable label


def _labels(micro: Microdata, lang: str) -> tuple[dict[str, str], dict[str, dict[int, str]]]:
    variables = {name: label[lang] for name, label in micro.variable_labels.items()}
    values = {
        name: {code: label[lang] for code, label in codes.items()}
        for name, codes in micro.value_labels.items()
    }
    return variables, values


def write_microdata(micro: Microdata, path: Path, fmt: str, *, lang: str = "en") -> None:
    if fmt == "csv":
        buffer = io.StringIO()
        micro.text.write_csv(buffer, null_value="")
        with open_private(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        return
    import pyreadstat

    variables, values = _labels(micro, lang)
    spec = load_spec()
    # pyreadstat writes to a path: write a private temporary file beside the target, then move.
    handle, temporary = tempfile.mkstemp(dir=Path(path).parent, suffix=f".{fmt}")
    os.close(handle)
    try:
        os.chmod(temporary, 0o600)
        if fmt == "sav":
            missing = {
                name: [spec.suppressed_code, spec.missing_code]
                for name in micro.numeric.columns
                if name != RECORD_ID
            }
            pyreadstat.write_sav(
                micro.numeric,
                temporary,
                file_label=text(TITLE, lang),
                column_labels=variables,
                variable_value_labels=values,
                missing_ranges=missing,
                variable_measure={n: "nominal" for n in micro.numeric.columns if n != RECORD_ID},
            )
        else:
            pyreadstat.write_dta(
                micro.numeric,
                temporary,
                file_label=text(TITLE, lang)[:STATA_LABEL_MAX],
                column_labels={k: v[:STATA_LABEL_MAX] for k, v in variables.items()},
                variable_value_labels=values,
            )
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


TITLE = pgettext_lazy("microdata", "Amanat de-identified microdata (k-anonymised)")
_HEAD = {
    "name": pgettext_lazy("microdata", "Variable"),
    "label": pgettext_lazy("microdata", "Label"),
    "role": pgettext_lazy("microdata", "Role"),
    "level": pgettext_lazy("microdata", "Generalisation applied"),
    "code": pgettext_lazy("microdata", "Code"),
    "value": pgettext_lazy("microdata", "Value"),
    "value_label": pgettext_lazy("microdata", "Value label"),
    "count": pgettext_lazy("microdata", "Records"),
}
ROLE_QI = pgettext_lazy("microdata", "Quasi-identifier")
ROLE_VARIABLE = pgettext_lazy("microdata", "Analysis variable")
ROLE_ID = pgettext_lazy("microdata", "Record number (not a case id)")
REPORT_LINES = {
    "rows_in": pgettext_lazy("microdata", "Cases with research consent in force"),
    "rows_out": pgettext_lazy("microdata", "Records written"),
    "records_in_small_groups_before": pgettext_lazy(
        "microdata", "Records in groups smaller than k before generalisation"
    ),
    "rows_locally_suppressed": pgettext_lazy(
        "microdata", "Records whose quasi-identifiers were suppressed ('*')"
    ),
    "rows_dropped": pgettext_lazy("microdata", "Records dropped (still in groups smaller than k)"),
    "groups": pgettext_lazy("microdata", "Groups of identical quasi-identifiers"),
    "smallest_group": pgettext_lazy("microdata", "Smallest group"),
}


def codebook_rows(micro: Microdata, lang: str) -> list[dict]:
    """One entry per variable: its label, role, level of generalisation and values."""
    levels = micro.report.level_names
    rows = []
    for name in micro.text.columns:
        role = (
            ROLE_ID
            if name == RECORD_ID
            else (ROLE_QI if name in micro.quasi_identifiers else ROLE_VARIABLE)
        )
        counts = {}
        if name != RECORD_ID:
            numeric = micro.numeric[name].value_counts()
            counts = dict(zip(numeric[name].to_list(), numeric["count"].to_list(), strict=True))
        values = []
        reverse = {code: value for value, code in micro.value_codes.get(name, {}).items()}
        for code, label in sorted(micro.value_labels.get(name, {}).items()):
            values.append(
                {
                    "code": code,
                    "value": reverse.get(code, str(code) if code >= 0 else ""),
                    "label": label[lang],
                    "count": counts.get(code, 0),
                }
            )
        rows.append(
            {
                "name": name,
                "label": micro.variable_labels[name][lang],
                "role": text(role, lang),
                "level": levels[name][lang] if name in levels else "",
                "values": values,
            }
        )
    return rows


def report_lines(micro: Microdata, lang: str) -> list[tuple[str, str]]:
    data = micro.report.as_dict()
    lines = [("k", str(data["k"]))]
    lines += [(text(msg, lang), str(data[key])) for key, msg in REPORT_LINES.items()]
    for step in micro.report.steps:
        lines.append((step.column, step.name[lang]))
    return lines


def write_codebook_xlsx(micro: Microdata, path: Path, *, lang: str = "en") -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = text(pgettext_lazy("microdata", "Variables"), lang)[:31]
    sheet.append([text(_HEAD[k], lang) for k in ("name", "label", "role", "level")])
    for row in codebook_rows(micro, lang):
        sheet.append([row["name"], row["label"], row["role"], row["level"]])
    values = book.create_sheet(text(pgettext_lazy("microdata", "Values"), lang)[:31])
    values.append([text(_HEAD[k], lang) for k in ("name", "code", "value", "value_label", "count")])
    for row in codebook_rows(micro, lang):
        for value in row["values"]:
            values.append(
                [row["name"], value["code"], value["value"], value["label"], value["count"]]
            )
    report = book.create_sheet(text(pgettext_lazy("microdata", "Anonymisation"), lang)[:31])
    for key, value in report_lines(micro, lang):
        report.append([key, value])
    report.append([])
    report.append([micro.report.rule])
    buffer = io.BytesIO()
    book.save(buffer)
    with open_private(path, "wb") as handle:
        handle.write(buffer.getvalue())


def write_codebook_docx(micro: Microdata, path: Path, *, lang: str = "en") -> None:
    from docx import Document

    document = Document()
    document.add_heading(text(TITLE, lang), level=0)
    document.add_heading(text(pgettext_lazy("microdata", "Anonymisation"), lang), level=1)
    document.add_paragraph(text(METHOD, lang, k=micro.report.k))
    for key, value in report_lines(micro, lang):
        document.add_paragraph(f"{key}: {value}", style="List Bullet")
    document.add_heading(text(pgettext_lazy("microdata", "Variables"), lang), level=1)
    for row in codebook_rows(micro, lang):
        document.add_heading(f"{row['name']}: {row['label']}", level=2)
        line = f"{row['role']}"
        if row["level"]:
            line += f" · {text(_HEAD['level'], lang)}: {row['level']}"
        document.add_paragraph(line)
        if not row["values"]:
            continue
        table = document.add_table(rows=1, cols=4)
        table.style = "Light List Accent 1"
        for cell, key in zip(
            table.rows[0].cells, ("code", "value", "value_label", "count"), strict=True
        ):
            cell.text = text(_HEAD[key], lang)
        for value in row["values"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(value["code"]), value["value"]
            cells[2].text, cells[3].text = value["label"], str(value["count"])
    buffer = io.BytesIO()
    document.save(buffer)
    with open_private(path, "wb") as handle:
        handle.write(buffer.getvalue())


METHOD = pgettext_lazy(
    "microdata",
    "Only people whose research consent is in force are included. No name, contact, document, "
    "exact date, free text or case code is exported; the record number is assigned after "
    "sorting and says nothing about the case. Every combination of the quasi-identifiers occurs "
    "at least %(k)s times: they were generalised level by level along the hierarchies declared "
    "in insights/rules/microdata/microdata.yaml (global recoding), then the few records still in "
    "smaller groups had their quasi-identifiers suppressed or were dropped (local suppression), "
    "as in sdcMicro and ARX.",
)
