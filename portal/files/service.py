"""The files a contact may see of a project: the project's own and those of its visible tasks."""

from flask import url_for
from sqlalchemy import select

from crm.files.models import TaskFile
from crm.files.service import OWNERS
from crm.tasks.queries import visible_task_ids
from gorilla.extensions import db


def project_file_rows(project) -> list[dict]:
    """Rows for the Dateien section: the project's files, then its visible tasks' files."""
    rows = [
        {"link": link,
         "href": url_for("portal.files.download", project_id=project.id, link_id=link.id)}
        for link in OWNERS["projects"].links([project.id])
    ]  # fmt: skip
    task_files = select(TaskFile).where(TaskFile.task_id.in_(visible_task_ids(project)))
    for link in db.session.scalars(task_files.order_by(TaskFile.id.desc())):
        href = url_for("portal.files.task_download", task_id=link.task_id, link_id=link.id)
        rows.append({"link": link, "href": href, "note": link.task.name})
    return rows
