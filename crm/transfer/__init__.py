"""Import of customers with their contacts from CSV (upload, preview, confirm) and the CSV and
XLSX exports of customers, contacts and invoices (admins)."""
