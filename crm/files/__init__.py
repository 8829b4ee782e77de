"""Files on customers, projects and tasks (Dateien): upload, download, delete."""
