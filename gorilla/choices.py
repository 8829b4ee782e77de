"""Fixed lists of stored values (statuses, priorities, languages) with their labels.

Each concept is one ``LabelledEnum`` in the model module of its feature; a member is the
string stored in the database (``TaskStatus.COMPLETE == "complete"``) and carries its
translatable label, so forms, filters, badges and emails read the list from one place::

    class TaskPriority(LabelledEnum):
        LOW = "low", _l("Low")
"""

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members are ``VALUE = "stored", _l("Label")``."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def has(cls, value: object) -> bool:
        """Whether ``value`` is one of the stored strings (``"x" in Enum`` raises in 3.11)."""
        return value in cls._value2member_map_

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """``(value, label)`` pairs for a select field or a filter."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, value: str) -> str:
        """The translated label of a stored ``value`` (the value itself when unknown)."""
        member = cls._value2member_map_.get(value)
        return str(member.label) if member is not None else value
