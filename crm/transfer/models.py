"""An uploaded import file kept between preview and confirmation (tenant table)."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenants.model_base import TenantModel
from tenants.models import utcnow


class PendingImport(TenantModel):
    """The decoded text of an uploaded CSV file, found by a random token, for the staff
    member who uploaded it; removed when confirmed or expired (see ``service.EXPIRES``)."""

    __tablename__ = "pending_imports"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
