"""One row per stored attachment file of the tenant (tenant table ``stored_files``)."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tenants.model_base import TenantModel
from tenants.models import utcnow


class StoredFile(TenantModel):
    """A file in the tenant's upload folder: ``name`` is random (what is on disk), the
    ``original_name`` is what the uploader called it (for the download), ``content_type`` was
    found from the content."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_image(self) -> bool:
        """Whether the file is a picture (shown inline rather than downloaded)."""
        return self.content_type.startswith("image/")
