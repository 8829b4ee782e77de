"""Customer groups (Kundengruppen): tags such as "Retainer" or "VIP" with optional default
permissions for new contacts."""
