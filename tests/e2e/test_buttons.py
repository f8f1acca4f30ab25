"""Every button a declared form can show fits the Bot API's 64 bytes of callback data, though
it now names its form, item and field (so it counts only at its own question): a new field or
form whose buttons would not fit fails here, not in front of an applicant."""

from __future__ import annotations

from collections.abc import Iterator

from bot.wiring import APPLICATIONS
from conversations.kit.fields import EnumChoices, Field, Kind, ProvinceChoices
from conversations.kit.forms import Form
from conversations.kit.identity import CONTACT, IDENTITY
from conversations.kit.keyboards import CALLBACK_DATA_MAX, DB_INTEGER_MAX, GroupCb, Question
from conversations.license.declaration import GradeChoices, LicenseKindChoices, RecordTypeChoices
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


def values(f: Field) -> list[str]:
    if isinstance(f.choices, EnumChoices):
        return [str(m.value) for m in f.choices.enum]
    if isinstance(f.choices, ProvinceChoices):
        return [p.iso for p in provinces()]
    if isinstance(f.choices, LicenseKindChoices | GradeChoices | RecordTypeChoices):  # the rules file's keys
        rules = default_rules()
        return [*rules.license_kinds, *rules.record_types, *(str(grade) for grade, _ in rules.grades)]
    if f.kind == Kind.CHOICE:  # offices and the like: an id, or "auto"
        return [str(DB_INTEGER_MAX), "auto"]
    return ["1", "0", "9999"]  # yes/no, confirm, a page


def test_every_button_of_every_form_fits_in_64_bytes() -> None:
    packed = []
    for form, item in forms():
        for f in form.all_fields():
            question = Question(form.name, item, f.name)
            packed += [question.cb(act, v).pack() for act in "vp" for v in values(f)]
            packed += [question.cb(act).pack() for act in "bsce"]
            if f.group is not None:
                for act in ("add", "edit", "del", "done", "menu"):
                    packed.append(GroupCb(act=act, f=form.name, g=f.name, i=DB_INTEGER_MAX).pack())
        packed.append(Question(form.name, item, "").cb("d").pack())
    assert len(packed) > 300
    assert any("legal_builder_member" in data for data in packed)  # the license's rules-file choices too
    # aiogram refuses to pack more than 64 bytes (a ValueError above names the button): shorten
    # the form's, the field's or the choice's name
    assert max(len(data.encode()) for data in packed) <= CALLBACK_DATA_MAX
