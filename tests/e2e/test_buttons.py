"""Every button a declared form can show — the applicants' and the staff's — fits the Bot API's 64
bytes of callback data, though it names its form, item and field (so it counts only at its own
question) and what it does: a new field or form whose buttons would not fit fails here, not in
front of an applicant or a reviewer."""

from __future__ import annotations

from collections.abc import Iterator

from bot.wiring import APPLICATIONS
from conversations.applications.builder_license.declaration import GradeChoices, LicenseKindChoices, RecordTypeChoices
from conversations.kit.fields import EnumChoices, Field, InputKind, ProvinceChoices
from conversations.kit.forms import Form
from conversations.kit.identity import CONTACT, IDENTITY
from conversations.kit.keyboards import CALLBACK_DATA_MAX, DB_INTEGER_MAX, Act, GroupCb, Question, field_key
from conversations.staff.review import OFFICE_FORM, REJECT_FORM, return_form
from scoring import default_rules, provinces


def forms() -> Iterator[tuple[Form, int]]:
    """Every form, with the largest item id its buttons can carry (0 outside a list)."""

    def walk(form: Form, item: int = 0) -> Iterator[tuple[Form, int]]:
        yield form, item
        for f in form.all_fields():
            if f.group is not None:
                yield from walk(f.group.item, DB_INTEGER_MAX)

    for gate in (CONTACT, IDENTITY):
        yield from walk(gate)
    for app in APPLICATIONS:
        for section in app.sections:
            yield from walk(section.form)
        yield from walk(return_form(app))
        for step in app.process.steps:
            button = step.button
            if button is not None and button.form is not None:
                yield from walk(button.form.form)
            for form in button.forms if button is not None else ():
                yield from walk(form, DB_INTEGER_MAX)  # a screen's forms may be of an item (a project)
    yield from walk(REJECT_FORM)
    yield from walk(OFFICE_FORM)


def values(f: Field) -> list[str]:
    if isinstance(f.choices, EnumChoices):
        return [str(m.value) for m in f.choices.enum]
    if isinstance(f.choices, ProvinceChoices):
        return [p.iso for p in provinces()]
    if f.name == "items":  # a return's ticks: a section, or a document by its id
        return ["documents", f"d{DB_INTEGER_MAX}"]
    if isinstance(f.choices, LicenseKindChoices | GradeChoices | RecordTypeChoices) or f.name == "record_type":
        rules = default_rules()
        return [*rules.license_kinds, *rules.record_types, *(str(grade) for grade, _ in rules.grades)]
    if f.kind == InputKind.CHOICE:  # offices and the like: an id, or "auto"
        return [str(DB_INTEGER_MAX), "auto"]
    return ["1", "0", "9999"]  # yes/no, confirm, a page


def test_every_button_of_every_form_fits_in_64_bytes() -> None:
    packed = []
    for form, item in forms():
        for f in form.all_fields():
            question = Question(form.name, item, f.name)
            packed += [question.cb(act, v).pack() for act in (Act.VALUE, Act.PAGE, Act.TICK) for v in values(f)]
            packed += [question.cb(act).pack() for act in Act if act not in (Act.VALUE, Act.PAGE, Act.TICK)]
            packed += [question.cb(Act.SET, str(n)).pack() for n in range(len(f.shortcuts))]
            if f.group is not None:
                for act in ("add", "edit", "del", "done", "menu"):
                    packed.append(GroupCb(act=act, f=form.name, g=f.name, i=DB_INTEGER_MAX).pack())
        packed.append(Question(form.name, item, "").cb(Act.DONE).pack())
    assert len(packed) > 300
    assert any("legal_builder_member" in data for data in packed)  # the license's rules-file choices too
    # aiogram refuses to pack more than 64 bytes (a ValueError above names the button): shorten
    # the form's, the field's or the choice's name
    assert max(len(data.encode()) for data in packed) <= CALLBACK_DATA_MAX


def test_a_fields_key_is_unique_in_its_form() -> None:
    """Buttons carry a field's short key (``field_key``): two fields of one form never share one."""
    for form, _ in forms():
        names = [f.name for f in form.all_fields()]
        keys = [field_key(name) for name in names]
        assert len(set(keys)) == len(set(names)), form.name
